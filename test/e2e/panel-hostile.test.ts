/**
 * Hostile input in the panel, on real traffic: markup in payloads, a 50 MB message, 100,000
 * messages at once, JSON nested 100,000 deep, binary that is not UTF-8, invisible characters.
 * Each has a bounded, visible behaviour, and the panel stays usable afterwards.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPanel, until, useEnvironment } from './harness';
import { details, grid, rowCount, rowTexts } from './panel-view';
import { floodPage, floodProgress } from '../fixtures/flood-page';

const env = useEnvironment();


/** A page whose echo socket sends `messages` (JS expressions) once open; `</` cannot end its script. */
async function echoPage(path: string, messages: string[]): Promise<void> {
  env.server.addPage(
    path,
    `<!doctype html><meta charset="utf-8"><script>
      window.echoes = 0;
      const ws = new WebSocket('${env.server.wsOrigin}/ws/echo');
      ws.onmessage = () => window.echoes++;
      ws.onopen = () => { ${messages.map((m) => `ws.send(${m});`).join(' ').replaceAll('</', '<\\/')} };
    </script>`,
  );
  await env.session.page.goto(`${env.server.origin}${path}`);
  await until('the echoes', () => env.session.page.evaluate((n) => (window as unknown as { echoes: number }).echoes >= n, messages.length));
}

/** The panel still answers: a filter narrows the grid, and clearing it restores it. */
async function stillResponsive(panel: Page, needle: string, expected: number): Promise<void> {
  const filter = panel.getByRole('searchbox', { name: 'Filter' });
  const all = await rowCount(panel);
  await filter.fill(needle);
  await until(`the filter to find ${needle}`, async () => (await rowCount(panel)) === expected);
  await filter.press('Escape');
  await until('the filter cleared', async () => (await rowCount(panel)) === all);
}

it('shows markup and script-closing tags as text', async () => {
  await echoPage('/markup.html', [JSON.stringify('<img src=x onerror=alert(1)>'), JSON.stringify('</script><b>bold</b>')]);
  const panel = await openPanel(env.session, env.session.page);
  let dialogs = 0;
  panel.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await until('both rows twice', async () => (await rowTexts(panel)).filter((t) => t.includes('<img src=x onerror=alert(1)>') || t.includes('</script><b>bold</b>')).length === 4);
  await grid(panel).getByRole('row').filter({ hasText: '</script>' }).first().click();
  await expect(details(panel).locator('pre').innerText()).resolves.toBe('</script><b>bold</b>');
  await grid(panel).getByRole('row').filter({ hasText: '<img' }).first().click();
  await expect(details(panel).locator('pre').innerText()).resolves.toBe('<img src=x onerror=alert(1)>');
  expect(await panel.locator('img, b').count()).toBe(0);
  expect(dialogs).toBe(0);
  await panel.close();
});

it('makes control characters and right-to-left overrides visible', async () => {
  await echoPage('/invisible.html', [JSON.stringify('user\u202Etxt.exe\u0007 bell\r\nnext line\u200B')]);
  const panel = await openPanel(env.session, env.session.page);
  const row = await until('the row', async () => (await rowTexts(panel)).find((t) => t.includes('user')));
  expect(row).toContain('user\\u202Etxt.exe\\u0007 bell\\r\\nnext line\\u200B');
  expect(row).not.toContain('\u202E');
  await grid(panel).getByRole('row').filter({ hasText: 'user' }).first().click();
  // On many lines in the details: the line break stays, every other invisible is an escape.
  await expect(details(panel).locator('pre').innerText()).resolves.toBe('user\\u202Etxt.exe\\u0007 bell\\r\nnext line\\u200B');
  await panel.close();
});

it('shows a 50 MB message as a bounded preview with its size, and the whole on request', async () => {
  const size = 50 * 1024 * 1024;
  env.server.addPage('/fifty.html', floodPage(env.server.wsOrigin, `count=1&size=${size}`));
  // Open first: a frame that big is over the page backlog's budget, so only a reading panel sees it.
  const panel = await openPanel(env.session, env.session.page);
  await env.session.page.goto(`${env.server.origin}/fifty.html`);
  await until('the 50 MB message received', async () => (await floodProgress(env.session.page)).end, 60_000);
  const row = await until('the huge row', async () => (await rowTexts(panel)).find((t) => t.includes('000001|')), 60_000);
  expect(row).toContain('52.4 MB');
  expect(row.length).toBeLessThan(400);
  await grid(panel).getByRole('row').filter({ hasText: '000001|' }).click();
  const text = await details(panel).innerText();
  expect(text.replace(/,/g, '')).toContain(`${size} bytes`);
  expect(text).toMatch(/Truncated: Frametap captured the first 16.8 MB of this 52.4 MB message/);
  expect(text).toMatch(/Showing the first 1,000,000 of 16,777,216 characters/);
  expect((await details(panel).locator('pre').innerText()).length).toBe(1_000_000);

  const opened = env.session.context.waitForEvent('page');
  await details(panel).getByRole('button', { name: 'Open whole payload' }).click();
  const whole = await opened;
  await whole.waitForLoadState();
  expect(await whole.evaluate(() => [document.contentType, document.body.textContent?.length])).toEqual(['text/plain', 16 * 1024 * 1024]);
  await whole.close();

  await stillResponsive(panel, 'flood-end', 1);
  await panel.close();
});

it('takes 100,000 messages arriving within about a second, and counts every row', async () => {
  env.server.addPage('/hundred-k.html', floodPage(env.server.wsOrigin, 'count=100000&size=16'));
  const panel = await openPanel(env.session, env.session.page);
  await env.session.page.bringToFront();
  await env.session.page.goto(`${env.server.origin}/hundred-k.html`);
  await until('the flood received', async () => (await floodProgress(env.session.page)).end, 60_000);
  // The open row, 100,000 messages and the flood's end.
  await until('every row in the grid', async () => (await rowCount(panel)) === 100_002, 60_000);
  const last = grid(panel).getByRole('row').last();
  expect(await last.getAttribute('aria-rowindex')).toBe('100002');
  expect(await last.innerText()).toContain('flood-end');
  await stillResponsive(panel, '099999|', 1);
  await panel.close();
});

it('renders JSON nested 100,000 deep as a bounded tree', async () => {
  await echoPage('/deep.html', ["'['.repeat(100000) + ']'.repeat(100000)"]);
  const panel = await openPanel(env.session, env.session.page);
  await until('the deep rows', async () => (await rowTexts(panel)).filter((t) => t.includes('[[[[')).length === 2);
  await grid(panel).getByRole('row').filter({ hasText: '[[[[' }).last().click();
  const tree = details(panel).getByRole('tree');
  await expect(tree.getByRole('treeitem').allInnerTexts()).resolves.toEqual([expect.stringContaining('Array(1)'), expect.stringContaining('0: Array(1)')]);
  await details(panel).getByRole('button', { name: 'Expand all' }).click();
  await until('the tree at its row limit', async () => (await tree.getByRole('treeitem').count()) === 2_000);
  await expect(details(panel).getByRole('note').innerText()).resolves.toContain('Showing the first 2,000 rows');
  expect(await tree.getByRole('treeitem').last().getAttribute('aria-level')).toBe('2000');
  await details(panel).getByRole('button', { name: 'Raw' }).click();
  await expect(details(panel).getByText(/not pretty printed when nested deeper/).count()).resolves.toBe(1);
  await stillResponsive(panel, 'Connection open', 1);
  await panel.close();
});

it('reads binary that is not UTF-8 as hex, and says so in the UTF-8 reading', async () => {
  env.server.addPage('/invalid-utf8.html', `<!doctype html><script>new WebSocket('${env.server.wsOrigin}/ws/invalid-utf8');</script>`);
  await env.session.page.goto(`${env.server.origin}/invalid-utf8.html`);
  const panel = await openPanel(env.session, env.session.page);
  await until('binary rows', async () => (await grid(panel).locator('.cell-type', { hasText: /^binary$/ }).count()) > 0);
  await grid(panel).getByRole('row').filter({ has: panel.locator('.cell-type', { hasText: /^binary$/ }) }).first().click();
  await expect(details(panel).getByLabel('Hex dump').innerText()).resolves.toMatch(/^00000000 {2}[0-9a-f]{2}/);
  await details(panel).getByRole('button', { name: 'UTF-8' }).click();
  await expect(details(panel).getByRole('note').innerText()).resolves.toContain('Not valid UTF-8');
  await expect(details(panel).getByLabel('UTF-8').innerText()).resolves.toContain('�');
  await panel.close();
});
