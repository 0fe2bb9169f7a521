/**
 * The grid's row menu on real traffic: an echo socket (asking for a sub-protocol) that sends a
 * JSON message and a text message. Every action, from the mouse and from the keyboard; what the
 * copies wrote is pasted back, what a replay sent is read from the server's recorder.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openPanel, until, useEnvironment } from './harness';
import { connections, grid, rowCount } from './panel-view';

const env = useEnvironment();

/** Every row's menu, before what sends or injects the message again. */
const SHARED_ITEMS = [
  'Copy payload',
  'Copy as JSON',
  'Copy as wscat command',
  'Copy as websocat command',
  'Filter to this connection',
  'Hide messages like this one',
];

const JSON_MESSAGE = JSON.stringify({ type: 'order', id: 7, note: "it's $(x) `y`" });
const TEXT_MESSAGE = "hello 'world'";

const echoPage = (wsOrigin: string): string => `<!doctype html><meta charset="utf-8"><script>
  window.got = [];
  const ws = new WebSocket('${wsOrigin}/ws/echo', ['chat.v1']);
  ws.onmessage = (e) => got.push(e.data);
  ws.onopen = () => {
    ws.send(${JSON.stringify(JSON_MESSAGE)});
    ws.send(${JSON.stringify(TEXT_MESSAGE)});
  };
</script><body>context menu</body>`;

const got = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { got: string[] }).got);

async function openEcho(path: string): Promise<Page> {
  env.server.addPage(path, echoPage(env.server.wsOrigin));
  await env.session.page.goto(`${env.server.origin}${path}`);
  await until('the echoes', async () => (await got(env.session.page)).length === 2);
  const panel = await openPanel(env.session, env.session.page);
  await until('the four frames', async () => (await grid(panel).locator('.row-out, .row-in').count()) === 4);
  return panel;
}

const sentRow = (panel: Page, text: string): Locator => grid(panel).locator('.row-out', { hasText: text }).first();
const receivedRow = (panel: Page, text: string): Locator => grid(panel).locator('.row-in', { hasText: text }).first();
const menu = (panel: Page): Locator => panel.getByRole('menu', { name: 'Row actions' });
const item = (panel: Page, name: string): Locator => menu(panel).getByRole('menuitem', { name, exact: true });
const status = (panel: Page): Locator => panel.locator('.row-menu-status');

/** Right-clicks the row and picks an item of its menu. */
async function choose(panel: Page, row: Locator, name: string): Promise<void> {
  await row.click({ button: 'right' });
  await item(panel, name).click();
  await until('the menu closed', async () => (await menu(panel).count()) === 0);
}

/**
 * What the clipboard holds, pasted into a text area of the panel page, the way a user would read
 * it (extension pages cannot be granted clipboard-read); a text area keeps line breaks.
 */
async function pasted(panel: Page): Promise<string> {
  await panel.evaluate(() => {
    const area = document.createElement('textarea');
    area.id = 'paste-target';
    document.body.append(area);
  });
  const area = panel.locator('#paste-target');
  await area.focus();
  await area.press('Control+v');
  const text = await area.inputValue();
  await area.evaluate((el) => el.remove());
  return text;
}

describe('row menu', () => {
  it('copies the payload, as JSON, and as wscat and websocat commands', async () => {
    const panel = await openEcho('/menu-copy.html');
    const url = `${env.server.wsOrigin}/ws/echo`;
    const quoted = `'${JSON_MESSAGE.replaceAll("'", `'\\''`)}'`;

    await sentRow(panel, '"order"').click({ button: 'right' });
    await expect(menu(panel).getByRole('menuitem').allInnerTexts()).resolves.toEqual([...SHARED_ITEMS, 'Send again']);
    // Right-clicking selects the row.
    await expect(sentRow(panel, '"order"').getAttribute('aria-selected')).resolves.toBe('true');
    await item(panel, 'Copy payload').click();
    await until('the payload on the clipboard', async () => (await pasted(panel)) === JSON_MESSAGE);
    await until('the status', async () => (await status(panel).innerText()) === 'Copied payload');

    await choose(panel, sentRow(panel, '"order"'), 'Copy as JSON');
    expect(await pasted(panel)).toBe(JSON.stringify(JSON.parse(JSON_MESSAGE), null, 2));

    await choose(panel, sentRow(panel, '"order"'), 'Copy as wscat command');
    expect(await pasted(panel)).toBe(`wscat -c '${url}' -s 'chat.v1' -x ${quoted}`);

    await choose(panel, receivedRow(panel, '"order"'), 'Copy as websocat command');
    expect(await pasted(panel)).toBe(`printf '%s\\n' ${quoted} | websocat --protocol 'chat.v1' '${url}'`);

    // Not JSON: Copy as JSON is there, disabled, and says why.
    await sentRow(panel, TEXT_MESSAGE).click({ button: 'right' });
    await expect(item(panel, 'Copy as JSON').isDisabled()).resolves.toBe(true);
    await expect(item(panel, 'Copy as JSON').getAttribute('title')).resolves.toBe('Not JSON');
    // A click elsewhere closes it.
    await panel.getByRole('searchbox', { name: 'Filter' }).click();
    await until('the menu closed', async () => (await menu(panel).count()) === 0);
    await panel.close();
  });

  it('sends a sent message again and injects a received one again', async () => {
    const panel = await openEcho('/menu-replay.html');
    // Every test's page sends the same message: count from here.
    const toServer = (): number => env.server.received.filter((m) => m.path === '/ws/echo' && m.data === TEXT_MESSAGE).length;
    const sent = toServer();

    await choose(panel, sentRow(panel, TEXT_MESSAGE), 'Send again');
    await env.server.waitFor(() => toServer() === sent + 1);
    await until('the status', async () => (await status(panel).innerText()) === 'Sent again');

    const before = env.server.received.length;
    await receivedRow(panel, '"order"').click({ button: 'right' });
    await expect(menu(panel).getByRole('menuitem').last().innerText()).resolves.toBe('Inject again');
    await item(panel, 'Inject again').click();
    // Two echoes, the resent one's, and the injected message, which never went to the server.
    await until('the injected message in the page', async () => (await got(env.session.page)).filter((m) => m === JSON_MESSAGE).length === 2);
    await until('the status', async () => (await status(panel).innerText()) === 'Injected again');
    expect(env.server.received.length).toBe(before);
    await panel.close();
  });

  it('filters to the row’s connection, and hides messages like it with an inverted regex', async () => {
    const panel = await openEcho('/menu-filter.html');
    const total = await rowCount(panel);
    const echo = connections(panel).getByRole('option', { name: /ws\/echo/ });
    await expect(echo.getAttribute('aria-selected')).resolves.toBe('false');
    await choose(panel, receivedRow(panel, TEXT_MESSAGE), 'Filter to this connection');
    await until('the connection selected', async () => (await echo.getAttribute('aria-selected')) === 'true');

    await sentRow(panel, TEXT_MESSAGE).click({ button: 'right' });
    const hide = item(panel, 'Hide messages like this one');
    await expect(hide.getAttribute('title')).resolves.toMatch(/Hides every message with exactly this payload: sets the filter to \/\^hello 'world'\$\/, inverted/);
    await hide.click();
    const filter = panel.getByRole('searchbox', { name: 'Filter' });
    await until('the filter box showing the regex', async () => (await filter.inputValue()) === "/^hello 'world'$/");
    await expect(panel.getByRole('checkbox', { name: 'Invert' }).isChecked()).resolves.toBe(true);
    await until('both copies hidden', async () => (await rowCount(panel)) === total - 2);
    expect(await grid(panel).locator('.row', { hasText: 'hello' }).count()).toBe(0);
    expect(await grid(panel).locator('.row', { hasText: '"order"' }).count()).toBe(2);
    await panel.close();
  });

  it('hides an SSE event by its type, and offers no shell command or Send again for it', async () => {
    env.server.addPage(
      '/menu-sse.html',
      `<!doctype html><script>const es = new EventSource('/sse/stream?count=8&interval=10'); es.addEventListener('price', () => {}); es.addEventListener('news', () => {}); es.onerror = () => es.close();</script>`,
    );
    await env.session.page.goto(`${env.server.origin}/menu-sse.html`);
    const panel = await openPanel(env.session, env.session.page);
    const prices = grid(panel).locator('.row', { has: panel.locator('.cell-type', { hasText: /^price$/ }) });
    // The stream ends after 8 events, and the page closes it rather than reconnect.
    await until('two price events', async () => (await prices.count()) === 2);

    await prices.first().click({ button: 'right' });
    await expect(menu(panel).getByRole('menuitem').allInnerTexts()).resolves.toEqual([...SHARED_ITEMS, 'Inject again']);
    await expect(item(panel, 'Copy as wscat command').isDisabled()).resolves.toBe(true);
    await expect(item(panel, 'Copy as websocat command').getAttribute('title')).resolves.toBe('Only a WebSocket message can be sent from a shell');
    await expect(item(panel, 'Copy as JSON').isDisabled()).resolves.toBe(false);
    await item(panel, 'Hide messages like this one').click();
    await until('the filter box showing the event type', async () => (await panel.getByRole('searchbox', { name: 'Filter' }).inputValue()) === '/^price$/m');
    await until('the price events hidden', async () => (await prices.count()) === 0);
    expect(await grid(panel).locator('.row', { has: panel.locator('.cell-type', { hasText: /^news$/ }) }).count()).toBe(2);
    await panel.close();
  });

  it('opens from the keyboard on the selected row, moves with the arrows, closes with Escape', async () => {
    const panel = await openEcho('/menu-keyboard.html');
    await sentRow(panel, '"order"').click();
    await grid(panel).press('Shift+F10');
    await until('the first item focused', () => item(panel, 'Copy payload').evaluate((el) => el === document.activeElement));
    // Under the row, inside the window.
    const row = (await sentRow(panel, '"order"').boundingBox())!;
    const box = (await menu(panel).boundingBox())!;
    expect(Math.abs(box.y - (row.y + row.height))).toBeLessThan(2);
    expect(box.x).toBeGreaterThanOrEqual(row.x);

    await panel.keyboard.press('ArrowDown');
    await expect(item(panel, 'Copy as JSON').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await panel.keyboard.press('ArrowUp');
    await panel.keyboard.press('ArrowUp');
    // Wraps round to the last item.
    await expect(item(panel, 'Send again').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await panel.keyboard.press('Escape');
    await until('the menu closed', async () => (await menu(panel).count()) === 0);
    await expect(grid(panel).evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    // Enter runs the focused item.
    await grid(panel).press('Shift+F10');
    await until('the menu open', async () => (await menu(panel).count()) === 1);
    await panel.keyboard.press('Enter');
    await until('the payload on the clipboard', async () => (await pasted(panel)) === JSON_MESSAGE);

    // A lifecycle row has only what makes sense for it.
    const opened = grid(panel).locator('.row-lifecycle').first();
    await opened.click({ button: 'right' });
    await expect(menu(panel).getByRole('menuitem').allInnerTexts()).resolves.toEqual(['Filter to this connection']);
    await panel.keyboard.press('Escape');

    // Right at the window's corner, the menu moves to stay on screen.
    const { width, height } = await panel.evaluate(() => ({ width: innerWidth, height: innerHeight }));
    const last = grid(panel).locator('.row-in').last();
    const lastBox = (await last.boundingBox())!;
    await last.click({ button: 'right', position: { x: lastBox.width - 2, y: 2 } });
    const placed = (await menu(panel).boundingBox())!;
    expect(placed.x + placed.width).toBeLessThanOrEqual(width);
    expect(placed.y + placed.height).toBeLessThanOrEqual(height);
    expect(placed.x).toBeLessThan(lastBox.x + lastBox.width - 2);
    await panel.close();
  });
});
