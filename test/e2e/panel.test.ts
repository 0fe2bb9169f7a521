/**
 * The panel on real traffic from the demo server: sidebar, grid, filter bar, details, toolbar,
 * budgets (issue 3, items 1–6). Hostile input has its own file (panel-hostile.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPanel, until, useEnvironment } from './harness';
import { connections, details, grid, rowCount, rowTexts } from './panel-view';

const env = useEnvironment();

/** An echo socket that sends text, JSON and binary; a socket the server closes; an SSE stream. */
const trafficPage = (wsOrigin: string): string => `<!doctype html><meta charset="utf-8"><script>
  window.echoes = 0;
  const ws = new WebSocket('${wsOrigin}/ws/echo');
  ws.binaryType = 'arraybuffer';
  ws.onmessage = () => window.echoes++;
  ws.onopen = () => {
    ws.send('alpha one');
    ws.send(JSON.stringify({ type: 'order', id: 42, items: [{ sku: 'A-1', qty: 2 }], 'content-type': 'x' }));
    ws.send(new Uint8Array([0x48, 0x69, 0x00, 0xff, 0xc3, 0x28, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c]));
  };
  window.ws = ws;
  new WebSocket('${wsOrigin}/ws/close?code=4000&reason=bye%20now&after=50');
  const es = new EventSource('/sse/stream?count=3&interval=20');
  es.addEventListener('price', () => {});
</script><body>traffic</body>`;

async function openTraffic(page: Page, path: string): Promise<void> {
  env.server.addPage(path, trafficPage(env.server.wsOrigin));
  await page.goto(`${env.server.origin}${path}`);
  await until('the echoes', () => page.evaluate(() => (window as unknown as { echoes: number }).echoes >= 3));
}

const summary = (panel: Page) => panel.locator('.filter-summary');

/**
 * What the clipboard holds, read the way a user would: pasted into the filter box (extension
 * pages cannot be granted clipboard-read). Single line: the box drops line breaks.
 */
async function pasted(panel: Page): Promise<string> {
  const filter = panel.getByRole('searchbox', { name: 'Filter' });
  await filter.fill('');
  await filter.press('Control+v');
  const text = await filter.inputValue();
  await filter.press('Escape');
  return text;
}

describe('connections sidebar', () => {
  it('lists every connection with its state, traffic and times, and an All connections entry', async () => {
    await openTraffic(env.session.page, '/sidebar.html');
    const panel = await openPanel(env.session, env.session.page);
    const list = connections(panel);
    await expect(list.getByRole('option').first().innerText()).resolves.toBe('All connections');
    const closed = list.getByRole('option', { name: /ws\/close/ });
    await until('the closed connection with code and reason', async () => /closed 4000 “bye now”/.test(await closed.innerText()));
    const echo = list.getByRole('option', { name: /ws\/echo/ });
    await until('echo totals', async () => (await echo.innerText()).includes('↑3'));
    const text = await echo.innerText();
    expect(text).toMatch(/open/);
    expect(text).toMatch(/↓3 · \d+ B/);
    expect(text).toMatch(/started \d\d:\d\d:\d\d\.\d{3}/);
    expect(await echo.getAttribute('title')).toBe(`${env.server.wsOrigin}/ws/echo\nFrame: ${env.server.origin}`);
    await expect(list.getByRole('option', { name: /sse\/stream/ }).innerText()).resolves.toContain('SSE');
    await panel.close();
  });
});

describe('messages grid', () => {
  it('shows direction, time (clock or relative), connection, type and size columns', async () => {
    await openTraffic(env.session.page, '/grid.html');
    const panel = await openPanel(env.session, env.session.page);
    const alpha = await until('the alpha rows', async () => {
      const rows = (await rowTexts(panel)).filter((t) => t.includes('alpha one'));
      return rows.length === 2 ? rows : null;
    });
    expect(alpha).toHaveLength(2);
    expect(alpha[0]).toMatch(/↑\s+\d\d:\d\d:\d\d\.\d{3}\s+\/ws\/echo · [^\n]+\s+text\s+9 B\s+alpha one/);
    await until('an SSE row typed by its event', async () => (await grid(panel).locator('.cell-type', { hasText: /^price$/ }).count()) > 0);

    await panel.getByRole('button', { name: 'Relative time' }).click();
    await expect(panel.getByRole('button', { name: 'Relative time' }).getAttribute('aria-pressed')).resolves.toBe('true');
    const relative = (await rowTexts(panel)).find((t) => t.includes('alpha one'));
    expect(relative).toMatch(/\+\d+\.\d{3} s/);
    // One connection's view: the connection column goes, the sidebar names it.
    await connections(panel).getByRole('option', { name: /ws\/echo/ }).click();
    expect((await rowTexts(panel))[0]).not.toContain('/ws/echo');
    await panel.getByRole('button', { name: 'Relative time' }).click();
    await panel.close();
  });

  it('follows new messages at the bottom, stops when scrolled up, and jumps back', async () => {
    env.server.addPage(
      '/follow.html',
      `<!doctype html><script>window.ws = new WebSocket('${env.server.wsOrigin}/ws/flood?count=3000&size=32');</script>`,
    );
    await env.session.page.goto(`${env.server.origin}/follow.html`);
    const panel = await openPanel(env.session, env.session.page);
    await until('the flood in the grid', async () => (await rowCount(panel)) >= 3002);
    const lastRow = async (): Promise<number> => Number(await grid(panel).getByRole('row').last().getAttribute('aria-rowindex'));
    expect(await lastRow()).toBe(await rowCount(panel));

    await grid(panel).evaluate((el) => el.scrollTo({ top: 0 }));
    const jump = panel.getByRole('button', { name: /Jump to latest/ });
    await jump.waitFor();
    await env.session.page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('after scrolling up'));
    await until('the new message counted', async () => (await rowCount(panel)) >= 3003);
    // Not followed: the top rows are still on screen.
    expect(await grid(panel).getByRole('row').first().getAttribute('aria-rowindex')).toBe('1');

    await jump.click();
    await until('back at the bottom', async () => (await lastRow()) === (await rowCount(panel)));
    expect(await jump.count()).toBe(0);

    // Keyboard: Home, PageDown, End, ArrowUp move the selection.
    await grid(panel).focus();
    const selected = () => grid(panel).locator('[role="row"][aria-selected="true"]').getAttribute('aria-rowindex');
    await panel.keyboard.press('Home');
    await until('first row selected', async () => (await selected()) === '1');
    await panel.keyboard.press('PageDown');
    expect(Number(await selected())).toBeGreaterThan(5);
    await panel.keyboard.press('End');
    await until('last row selected', async () => Number(await selected()) === (await rowCount(panel)));
    await panel.keyboard.press('ArrowUp');
    expect(Number(await selected())).toBe((await rowCount(panel)) - 1);
    await panel.close();
  });
});

describe('filter bar', () => {
  it('filters by text, regex, direction, type and invert, and counts what it shows', async () => {
    await openTraffic(env.session.page, '/filter.html');
    const panel = await openPanel(env.session, env.session.page);
    await until('all rows', async () => (await rowTexts(panel)).filter((t) => t.includes('alpha one')).length === 2);
    const total = await rowCount(panel);
    const filter = panel.getByRole('searchbox', { name: 'Filter' });

    await panel.keyboard.press('Control+f');
    await until('the filter focused by Ctrl+F', () => filter.evaluate((el) => el === document.activeElement));
    await filter.fill('ALPHA');
    await until('only the alpha rows', async () => (await rowCount(panel)) === 2);
    expect(await summary(panel).innerText()).toBe(`2 of ${total} messages`);

    await filter.fill('/"id":\\s*42/');
    await until('the JSON rows by regex', async () => {
      const texts = await rowTexts(panel);
      return texts.length === 2 && texts.every((t) => t.includes('"order"'));
    });

    await filter.fill('/alp(ha/');
    await expect(panel.getByRole('alert').innerText()).resolves.toMatch(/Invalid regular expression/);
    await until('every row again', async () => (await rowCount(panel)) === total);

    await filter.fill('');
    await panel.getByRole('combobox', { name: 'Direction' }).selectOption('out');
    await until('only sent rows', async () => (await rowCount(panel)) === 3);
    await panel.getByRole('combobox', { name: 'Type' }).selectOption('binary');
    await until('the sent binary row', async () => (await rowCount(panel)) === 1);
    expect((await rowTexts(panel))[0]).toMatch(/48 69 00 ff c3 28/);

    await panel.getByRole('combobox', { name: 'Direction' }).selectOption('all');
    await panel.getByRole('combobox', { name: 'Type' }).selectOption('lifecycle');
    await until('open and close rows', async () => (await rowTexts(panel)).some((t) => t.includes('code 4000')));
    expect((await rowTexts(panel)).every((t) => /Connection|Error/.test(t))).toBe(true);

    await panel.getByRole('combobox', { name: 'Type' }).selectOption('text');
    await filter.fill('alpha');
    await panel.getByRole('checkbox', { name: 'Invert' }).check();
    await until('text rows without alpha', async () => {
      const texts = await rowTexts(panel);
      return texts.length > 0 && texts.every((t) => !t.includes('alpha'));
    });
    await panel.getByRole('checkbox', { name: 'Invert' }).uncheck();
    await panel.getByRole('combobox', { name: 'Type' }).selectOption('all');

    await filter.fill('alpha');
    await until('filtered', async () => (await rowCount(panel)) === 2);
    await filter.press('Escape');
    await until('Esc clears the filter', async () => (await rowCount(panel)) === total);
    expect(await filter.inputValue()).toBe('');
    expect(await summary(panel).innerText()).toBe(`${total} messages`);
    await panel.close();
  });
});

describe('details pane', () => {
  it('shows JSON as a tree with expand all, copy value and copy path, and copies the payload', async () => {
    await openTraffic(env.session.page, '/details-json.html');
    const panel = await openPanel(env.session, env.session.page);
    await until('the JSON row', async () => (await rowTexts(panel)).some((t) => t.includes('"order"')));
    await grid(panel).getByRole('row').filter({ hasText: '"order"' }).first().click();
    const tree = details(panel).getByRole('tree');
    await expect(tree.getByRole('treeitem').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('{…} 4 keys'),
      expect.stringContaining('type: "order"'),
      expect.stringContaining('id: 42'),
      expect.stringContaining('items: Array(1)'),
      expect.stringContaining('content-type: "x"'),
    ]);
    const text = await details(panel).innerText();
    expect(text).toMatch(/\d\d\d\d-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}/);
    expect(text).toMatch(/\d+ bytes \(\d+ B\) · \d+ characters/);

    await details(panel).getByRole('button', { name: 'Expand all' }).click();
    await until('every node open', async () => (await tree.getByRole('treeitem').count()) === 8);
    await tree.getByRole('treeitem').filter({ hasText: 'sku' }).click();
    await details(panel).getByRole('button', { name: 'Copy path' }).click();
    await until('the path on the clipboard', async () => (await pasted(panel)) === '$.items[0].sku');
    await tree.getByRole('treeitem').filter({ hasText: 'items' }).click();
    await details(panel).getByRole('button', { name: 'Copy value' }).click();
    await until('the value on the clipboard', async () =>
      JSON.stringify(JSON.parse(await pasted(panel))) === '[{"sku":"A-1","qty":2}]',
    );
    // The tree collapses from the keyboard too.
    await tree.getByRole('treeitem').first().click();
    await tree.press('ArrowLeft');
    await until('collapsed', async () => (await tree.getByRole('treeitem').count()) === 1);

    await details(panel).getByRole('button', { name: 'Copy payload' }).click();
    await until('the payload on the clipboard', async () => (await pasted(panel)).startsWith('{"type":"order"'));
    await details(panel).getByRole('button', { name: 'Raw' }).click();
    await expect(details(panel).locator('pre').innerText()).resolves.toContain('"type": "order"');
    await panel.close();
  });

  it('shows binary as a hex dump with offsets and ASCII, as base64, and as UTF-8', async () => {
    await openTraffic(env.session.page, '/details-binary.html');
    const panel = await openPanel(env.session, env.session.page);
    await until('the binary row', async () => (await rowTexts(panel)).some((t) => t.includes('48 69 00 ff')));
    await grid(panel).getByRole('row').filter({ hasText: '48 69 00 ff' }).first().click();
    await expect(details(panel).getByLabel('Hex dump').innerText()).resolves.toBe(
      '00000000  48 69 00 ff c3 28 41 42  43 44 45 46 47 48 49 4a  |Hi...(ABCDEFGHIJ|\n00000010  4b 4c                                             |KL|',
    );
    await details(panel).getByRole('button', { name: 'Base64' }).click();
    await expect(details(panel).getByLabel('Base64').innerText()).resolves.toBe('SGkA/8MoQUJDREVGR0hJSktM');
    await details(panel).getByRole('button', { name: 'UTF-8' }).click();
    await expect(details(panel).getByLabel('UTF-8').innerText()).resolves.toBe('Hi\\0��(ABCDEFGHIJKL');
    await expect(details(panel).getByRole('note').innerText()).resolves.toContain('Not valid UTF-8');
    expect(await details(panel).innerText()).toContain('18 bytes');
    await panel.close();
  });
});

describe('toolbar', () => {
  it('pauses capture without dropping anything, and resumes', async () => {
    await openTraffic(env.session.page, '/pause.html');
    const panel = await openPanel(env.session, env.session.page);
    await until('rows', async () => (await rowTexts(panel)).some((t) => t.includes('alpha one')));
    await connections(panel).getByRole('option', { name: /ws\/echo/ }).click();
    await until('the echo rows', async () => (await rowCount(panel)) >= 7);
    const before = await rowCount(panel);

    await panel.getByRole('button', { name: 'Pause capture' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Capture paused' }).count()).resolves.toBe(1);
    const send = (text: string) => env.session.page.evaluate((t) => (window as unknown as { ws: WebSocket }).ws.send(t), text);
    await send('while paused');
    await env.server.waitFor(() => env.server.received.some((m) => m.data === 'while paused'));
    const echo = connections(panel).getByRole('option', { name: /ws\/echo/ });
    // The connection's totals keep counting, rows are not added.
    await until('totals updated while paused', async () => (await echo.innerText()).includes('↑4'));
    expect(await rowCount(panel)).toBe(before);

    await panel.getByRole('button', { name: 'Resume capture' }).click();
    await send('after resume');
    await until('the new rows', async () => (await rowTexts(panel)).filter((t) => t.includes('after resume')).length === 2);
    expect((await rowTexts(panel)).some((t) => t.includes('while paused'))).toBe(false);
    expect(await rowCount(panel)).toBe(before + 2);
    await panel.close();
  });

  it('clears on navigation, or keeps the previous page with Preserve log, and remembers the choice', async () => {
    await openTraffic(env.session.page, '/before-nav.html');
    let panel = await openPanel(env.session, env.session.page);
    await until('rows', async () => (await rowTexts(panel)).some((t) => t.includes('alpha one')));
    const preserve = () => panel.getByRole('button', { name: 'Preserve log' });
    expect(await preserve().getAttribute('aria-pressed')).toBe('false');

    // A same-document navigation is no navigation.
    await env.session.page.evaluate(() => history.pushState({}, '', '/pushed.html'));
    await env.session.page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('after pushState'));
    await until('the message after pushState', async () => (await rowTexts(panel)).some((t) => t.includes('after pushState')));
    expect((await rowTexts(panel)).some((t) => t.includes('alpha one'))).toBe(true);

    // A page without sockets: the panel clears.
    env.server.addPage('/quiet.html', '<!doctype html><body>quiet</body>');
    await env.session.page.goto(`${env.server.origin}/quiet.html`);
    await until('cleared at navigation', async () => (await rowCount(panel)) === 0);
    const list = connections(panel);
    expect(await list.getByRole('option').count()).toBe(1);

    await preserve().click();
    expect(await preserve().getAttribute('aria-pressed')).toBe('true');
    await openTraffic(env.session.page, '/preserved.html');
    await until('rows of the new page', async () => (await rowTexts(panel)).some((t) => t.includes('alpha one')));
    await env.session.page.reload();
    await until('the reloaded page connected', async () => (await list.getByRole('option').count()) >= 7);
    await until('the old connections marked', async () => (await list.getByRole('option').filter({ hasText: 'previous page' }).count()) === 3);
    await until('both pages’ rows', async () => (await rowTexts(panel)).filter((t) => t.includes('alpha one')).length === 4);
    await panel.close();

    // Remembered: a new panel starts with Preserve log on.
    panel = await openPanel(env.session, env.session.page);
    await until('preserve remembered', async () => (await preserve().getAttribute('aria-pressed')) === 'true');
    await preserve().click();
    await panel.close();
  });
});

describe('budgets', () => {
  it('are settable and remembered, and say how many messages they dropped', async () => {
    env.server.addPage('/budget.html', `<!doctype html><script>new WebSocket('${env.server.wsOrigin}/ws/flood?count=500&size=16');</script>`);
    await env.session.page.goto(`${env.server.origin}/budget.html`);
    let panel = await openPanel(env.session, env.session.page);
    await until('the flood', async () => (await rowCount(panel)) >= 502);

    await panel.getByRole('button', { name: 'Settings' }).click();
    const settings = panel.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('spinbutton', { name: 'Message budget' }).fill('100');
    await settings.getByRole('button', { name: 'Apply' }).click();
    await until('a hundred kept', async () => (await rowCount(panel)) === 100);
    await expect(panel.getByText(/\d+ dropped \(budget\)/).innerText()).resolves.toMatch(/40[23] dropped/);
    await panel.close();

    panel = await openPanel(env.session, env.session.page);
    await until('the budget remembered', async () => (await rowCount(panel)) === 100);
    await panel.getByRole('button', { name: 'Settings' }).click();
    await expect(panel.getByRole('spinbutton', { name: 'Message budget' }).inputValue()).resolves.toBe('100');
    await panel.getByRole('spinbutton', { name: 'Message budget' }).fill('1000000');
    await panel.getByRole('button', { name: 'Apply' }).click();
    await panel.close();
  });
});

describe('layout', () => {
  it('says what to do when empty, and resizes its panes', async () => {
    env.server.addPage('/empty.html', '<!doctype html><body>nothing</body>');
    await env.session.page.goto(`${env.server.origin}/empty.html`);
    const panel = await openPanel(env.session, env.session.page);
    await expect(panel.getByText(/Open a page that uses WebSocket or EventSource/).count()).resolves.toBe(1);
    const sidebar = panel.locator('.sidebar');
    const before = (await sidebar.boundingBox())!.width;
    const splitter = panel.getByRole('separator', { name: 'Resize connections' });
    const box = (await splitter.boundingBox())!;
    await panel.mouse.move(box.x + box.width / 2, box.y + 50);
    await panel.mouse.down();
    await panel.mouse.move(box.x + 100, box.y + 50, { steps: 4 });
    await panel.mouse.up();
    expect((await sidebar.boundingBox())!.width).toBeGreaterThan(before + 80);
    const height = (await details(panel).boundingBox())!.height;
    await panel.getByRole('separator', { name: 'Resize details' }).focus();
    await panel.keyboard.press('ArrowUp');
    expect((await details(panel).boundingBox())!.height).toBeGreaterThan(height);
    await panel.close();
  });
});
