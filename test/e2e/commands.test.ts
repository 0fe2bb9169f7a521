/**
 * Acting on live connections from the panel: compose and send, replay, inject, close, history
 * and snippets, errors. Real Chromium, the built extension, the demo server; what reached the
 * server is asserted on the server's own recorders, what reached the page in the page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EVENT_COMMAND, EVENT_HANDSHAKE } from '../../src/shared/constants';
import { openEventTap, openPanel, until, useEnvironment, hookEvents } from './harness';
import { connections, details, grid, rowTexts } from './panel-view';

const env = useEnvironment();

/**
 * Two sockets (one reading binary as Blob, one as ArrayBuffer) and an EventSource; the page
 * writes down every message its handlers get, with the data's type, and every error it sees.
 */
function commandPage(wsOrigin: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><script>
window.errors = [];
addEventListener('error', (e) => errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));
window.got = [];
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
function listen(name, ws) {
  ws.onmessage = (e) => {
    if (typeof e.data === 'string') got.push({ socket: name, type: 'string', value: e.data, origin: e.origin });
    else if (e.data instanceof Blob) e.data.arrayBuffer().then((b) => got.push({ socket: name, type: 'Blob', value: hex(b), origin: e.origin }));
    else if (e.data instanceof ArrayBuffer) got.push({ socket: name, type: 'ArrayBuffer', value: hex(e.data), origin: e.origin });
    else got.push({ socket: name, type: 'other' });
  };
  ws.onclose = (e) => got.push({ socket: name, type: 'close', value: e.code + ' ' + e.reason });
}
window.echo = new WebSocket('${wsOrigin}/ws/echo');
echo.binaryType = 'blob';
listen('echo', echo);
window.room = new WebSocket('${wsOrigin}/ws/room?room=commands-' + Math.random());
room.binaryType = 'arraybuffer';
listen('room', room);
window.sse = [];
const es = new EventSource('/sse/stream?interval=60000');
window.es = es;
es.addEventListener('news', (e) => sse.push({ listener: 'news', data: e.data, id: e.lastEventId, origin: e.origin }));
es.onmessage = (e) => sse.push({ listener: 'onmessage', data: e.data, id: e.lastEventId });
</script></head><body>commands</body></html>`;
}

interface PageState {
  errors: string[];
  got: { socket: string; type: string; value?: string; origin?: string }[];
  sse: { listener: string; data: string; id: string; origin?: string }[];
}

const pageState = (page: Page): Promise<PageState> =>
  page.evaluate(() => {
    const w = window as unknown as PageState;
    return { errors: w.errors, got: w.got, sse: w.sse };
  });

async function openCommandPage(path: string): Promise<Page> {
  const page = env.session.page;
  env.server.addPage(path, commandPage(env.server.wsOrigin));
  await page.goto(`${env.server.origin}${path}`);
  await until('both sockets open and the stream started', () =>
    page.evaluate(() => {
      const w = window as unknown as { echo: WebSocket; room: WebSocket; es: EventSource };
      return w.echo.readyState === 1 && w.room.readyState === 1 && w.es.readyState === 1;
    }),
  );
  return page;
}

async function openPanelOn(page: Page, connection: RegExp): Promise<Page> {
  const panel = await openPanel(env.session, page);
  await selectConnection(panel, connection);
  return panel;
}

async function selectConnection(panel: Page, connection: RegExp): Promise<void> {
  const option = connections(panel).getByRole('option', { name: connection });
  await until(`the connection ${connection}`, async () => (await option.count()) === 1);
  await option.click();
}

const received = (path: string, data: string): number =>
  env.server.received.filter((m) => m.path === path && m.data === data).length;


async function typeMessage(panel: Page, text: string): Promise<void> {
  await panel.getByRole('textbox', { name: 'Message' }).fill(text);
}

describe('acting on live connections', () => {
  it('sends a composed message through the page’s socket, marked as sent from Frametap', async () => {
    const page = await openCommandPage('/compose.html');
    const panel = await openPanelOn(page, /ws\/echo/);

    await typeMessage(panel, 'hello from the composer');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await env.server.waitFor(() => received('/ws/echo', 'hello from the composer') === 1);
    // Echoed back to the page's own handler, and both directions shown in the grid.
    await until('the echo in the page', async () =>
      (await pageState(page)).got.some((g) => g.socket === 'echo' && g.value === 'hello from the composer'),
    );
    const rows = await until('the sent row and its echo', async () => {
      const texts = await rowTexts(panel);
      return texts.filter((t) => t.includes('hello from the composer')).length === 2 ? texts : undefined;
    });
    expect(rows.some((t) => t.includes('⇡') && t.includes('hello from the composer'))).toBe(true);
    expect(rows.some((t) => t.includes('↓') && t.includes('hello from the composer'))).toBe(true);
    await expect(panel.getByRole('gridcell', { name: 'sent from Frametap' }).count()).resolves.toBe(1);

    // JSON: validated inline, sent compact with Ctrl+Enter.
    await panel.getByRole('combobox', { name: 'Format' }).selectOption('json');
    await typeMessage(panel, '{"a": 1,');
    await until('the parse error', async () => (await panel.getByText(/Invalid JSON/).count()) === 1);
    await expect(panel.getByRole('button', { name: 'Send', exact: true }).isDisabled()).resolves.toBe(true);
    await typeMessage(panel, '{\n  "a": 12345678901234567890,\n  "b": [1, "x y"]\n}');
    await panel.getByRole('textbox', { name: 'Message' }).press('Control+Enter');
    await env.server.waitFor(() => received('/ws/echo', '{"a":12345678901234567890,"b":[1,"x y"]}') === 1);

    // Hex goes out as a binary frame.
    await panel.getByRole('combobox', { name: 'Format' }).selectOption('hex');
    await typeMessage(panel, '00 01 fe ff');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await env.server.waitFor(() => env.server.received.some((m) => m.binary && Buffer.from(m.data).equals(Buffer.from([0, 1, 0xfe, 0xff]))));

    // ↑ on the first line recalls the last messages sent to this origin.
    await panel.getByRole('combobox', { name: 'Format' }).selectOption('text');
    await typeMessage(panel, 'draft');
    const textbox = panel.getByRole('textbox', { name: 'Message' });
    await textbox.press('Home');
    await textbox.press('ArrowUp');
    await expect(textbox.inputValue()).resolves.toBe('00 01 fe ff');
    await textbox.press('ArrowUp');
    await expect(textbox.inputValue()).resolves.toContain('12345678901234567890');
    await textbox.press('ArrowDown');
    await textbox.press('ArrowDown');
    await expect(textbox.inputValue()).resolves.toBe('draft');

    expect((await pageState(page)).errors).toEqual([]);
    await panel.close();
  });

  it('replays a captured message: as is, and edited', async () => {
    const page = await openCommandPage('/replay.html');
    await page.evaluate(() => (window as unknown as { echo: WebSocket }).echo.send('sent by the page'));
    await env.server.waitFor(() => received('/ws/echo', 'sent by the page') === 1);
    const panel = await openPanelOn(page, /ws\/echo/);

    const sentRow = grid(panel).getByRole('row').filter({ hasText: '↑' }).filter({ hasText: 'sent by the page' });
    await until('the page’s message in the grid', async () => (await sentRow.count()) === 1);
    await sentRow.click();
    await details(panel).getByRole('button', { name: 'Send again' }).click();
    await env.server.waitFor(() => received('/ws/echo', 'sent by the page') === 2);

    await details(panel).getByRole('button', { name: 'Edit and send' }).click();
    const textbox = panel.getByRole('textbox', { name: 'Message' });
    await expect(textbox.inputValue()).resolves.toBe('sent by the page');
    await textbox.fill('sent by the page, edited');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await env.server.waitFor(() => received('/ws/echo', 'sent by the page, edited') === 1);

    // A received message injected again reaches the page's handler once more, and not the server.
    const echoRow = grid(panel).getByRole('row').filter({ hasText: '↓' }).filter({ hasText: 'sent by the page, edited' });
    await until('the echo in the grid', async () => (await echoRow.count()) === 1);
    await echoRow.click();
    await details(panel).getByRole('button', { name: 'Inject again' }).click();
    await until('the injected copy in the page', async () =>
      (await pageState(page)).got.filter((g) => g.value === 'sent by the page, edited').length === 2,
    );
    expect(received('/ws/echo', 'sent by the page, edited')).toBe(1);
    await panel.close();
  });

  it('injects received messages whose data follows binaryType: Blob and ArrayBuffer', async () => {
    const page = await openCommandPage('/inject.html');
    const panel = await openPanelOn(page, /ws\/echo/);
    const before = env.server.received.length;

    await panel.getByRole('combobox', { name: 'Format' }).selectOption('hex');
    await typeMessage(panel, 'de ad be ef');
    await panel.getByRole('button', { name: 'Inject', exact: true }).click();
    await until('a Blob in the echo socket’s handler', async () =>
      (await pageState(page)).got.some((g) => g.socket === 'echo' && g.type === 'Blob' && g.value === 'deadbeef'),
    );

    await selectConnection(panel, /ws\/room/);
    await panel.getByRole('combobox', { name: 'Format' }).selectOption('base64');
    await typeMessage(panel, 'AQID');
    await panel.getByRole('button', { name: 'Inject', exact: true }).click();
    await panel.getByRole('combobox', { name: 'Format' }).selectOption('text');
    await typeMessage(panel, 'fake text from the server');
    await panel.getByRole('button', { name: 'Inject', exact: true }).click();
    const state = await until('an ArrayBuffer and a string in the room socket’s handler', async () => {
      const s = await pageState(page);
      return s.got.some((g) => g.value === 'fake text from the server') ? s : undefined;
    });
    const room = state.got.filter((g) => g.socket === 'room');
    expect(room).toContainEqual({ socket: 'room', type: 'ArrayBuffer', value: '010203', origin: env.server.wsOrigin });
    expect(room).toContainEqual({ socket: 'room', type: 'string', value: 'fake text from the server', origin: env.server.wsOrigin });
    // Injected means from the server's side: nothing went to the server.
    expect(env.server.received.length).toBe(before);
    await until('the injected rows marked in the grid', async () =>
      (await panel.getByRole('gridcell', { name: 'injected by Frametap' }).count()) === 2,
    );
    expect(state.errors).toEqual([]);
    await panel.close();
  });

  it('injects an SSE event into the listeners of its type only', async () => {
    const page = await openCommandPage('/inject-sse.html');
    const panel = await openPanelOn(page, /sse\/stream/);
    await panel.getByRole('textbox', { name: 'Event type' }).fill('news');
    await panel.getByRole('textbox', { name: 'Event ID' }).fill('fake-42');
    await typeMessage(panel, 'breaking: injected');
    await panel.getByRole('button', { name: 'Inject', exact: true }).click();
    const state = await until('the news listener called', async () => {
      const s = await pageState(page);
      return s.sse.some((e) => e.data === 'breaking: injected') ? s : undefined;
    });
    expect(state.sse.filter((e) => e.data === 'breaking: injected')).toEqual([
      { listener: 'news', data: 'breaking: injected', id: 'fake-42', origin: env.server.origin },
    ]);
    await until('the injected event in the grid', async () =>
      (await rowTexts(panel)).some((t) => t.includes('⇣') && t.includes('news') && t.includes('breaking: injected')),
    );

    await panel.getByRole('button', { name: 'Close connection' }).click();
    await until('the EventSource closed', () => page.evaluate(() => (window as unknown as { es: EventSource }).es.readyState === 2));
    await panel.close();
  });

  it('closes a socket with the code and reason chosen, then refuses to send on it, quietly for the page', async () => {
    const page = await openCommandPage('/close.html');
    const panel = await openPanelOn(page, /ws\/room/);

    // An invalid code is refused by the hook before the native could throw in the page.
    await panel.getByRole('textbox', { name: 'Close code' }).fill('999');
    await panel.getByRole('button', { name: 'Close connection' }).click();
    await expect(panel.getByRole('alert').innerText()).resolves.toContain('1000 or 3000–4999');

    await panel.getByRole('textbox', { name: 'Close code' }).fill('4321');
    await panel.getByRole('textbox', { name: 'Close reason' }).fill('bye from the panel');
    await panel.getByRole('button', { name: 'Close connection' }).click();
    await env.server.waitFor(() => env.server.closes.some((c) => c.path === '/ws/room' && c.code === 4321 && c.reason === 'bye from the panel'));
    await until('the page’s close event', async () =>
      (await pageState(page)).got.some((g) => g.socket === 'room' && g.type === 'close' && g.value === '4321 bye from the panel'),
    );
    const option = connections(panel).getByRole('option', { name: /ws\/room/ });
    await until('the connection shown closed', async () => (await option.innerText()).includes('closed'));

    const before = env.server.received.length;
    await typeMessage(panel, 'too late');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await until('the error in the panel', async () => (await panel.getByRole('alert').innerText()).includes('Socket is closed'));
    expect(env.server.received.length).toBe(before);
    expect((await pageState(page)).errors).toEqual([]);
    await panel.close();
  });

  it('keeps snippets per origin across a panel reload', async () => {
    const page = await openCommandPage('/snippets.html');
    const panel = await openPanelOn(page, /ws\/echo/);
    await typeMessage(panel, '{"op":"subscribe","channel":"prices"}');
    await panel.getByRole('button', { name: 'Save snippet' }).click();
    await panel.getByRole('textbox', { name: 'Snippet name' }).fill('subscribe prices');
    await panel.getByRole('button', { name: 'Save', exact: true }).click();

    await panel.reload();
    await selectConnection(panel, /ws\/echo/);
    const snippets = panel.getByRole('combobox', { name: 'Snippets' });
    await until('the saved snippet listed', async () => (await snippets.getByRole('option', { name: 'subscribe prices' }).count()) === 1);
    await snippets.selectOption('subscribe prices');
    await expect(panel.getByRole('textbox', { name: 'Message' }).inputValue()).resolves.toBe('{"op":"subscribe","channel":"prices"}');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await env.server.waitFor(() => received('/ws/echo', '{"op":"subscribe","channel":"prices"}') === 1);

    await panel.getByRole('button', { name: 'Delete snippet' }).click();
    await panel.reload();
    await selectConnection(panel, /ws\/echo/);
    await expect(panel.getByRole('combobox', { name: 'Snippets' }).getByRole('option', { name: 'subscribe prices' }).count()).resolves.toBe(0);
    await panel.close();
  });

  it('tells the panel when the page was navigated away', async () => {
    const page = await openCommandPage('/before-navigation.html');
    const panel = await openPanelOn(page, /ws\/echo/);
    // Without Preserve log, the old page's connections would leave the panel with it.
    await panel.getByRole('button', { name: 'Preserve log' }).click();
    env.server.addPage('/elsewhere.html', '<!doctype html><title>elsewhere</title>');
    await page.goto(`${env.server.origin}/elsewhere.html`);
    await typeMessage(panel, 'to a page that is gone');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await until('the error in the panel', async () => (await panel.getByRole('alert').innerText()).includes('navigated away'));
    expect(received('/ws/echo', 'to a page that is gone')).toBe(0);
    await panel.close();
  });

  it('gives a page that forges Frametap’s command events nothing', async () => {
    const page = await openCommandPage('/forge.html');
    const tap = await openEventTap(env.session, page);
    const conn = await until('the echo socket’s id', async () => {
      const created = hookEvents(await tap.events()).find((e) => e.type === 'create' && e.url.endsWith('/ws/echo'));
      return created?.conn;
    });
    await page.evaluate(
      ({ conn, commandEvent, handshakeEvent }) => {
        const forged = [
          { op: 'send', conn, opcode: 'text', data: 'forged send' },
          { op: 'close', conn, code: 4000, reason: 'forged close' },
        ];
        const targets: EventTarget[] = [window, document, document.documentElement];
        // Posing as the relay's end of the handshake, too late: nobody is listening any more.
        const fake = document.createElement('span');
        window.dispatchEvent(new MouseEvent(handshakeEvent, { relatedTarget: fake }));
        for (const target of [...targets, fake]) {
          for (const command of forged) {
            target.dispatchEvent(new CustomEvent(commandEvent, { detail: JSON.stringify(command) }));
            target.dispatchEvent(new CustomEvent(commandEvent, { detail: JSON.stringify({ source: 'frametap', v: 1, kind: 'command', command }) }));
          }
        }
        // Sent after the forgeries: once the server has it, they had their chance.
        (window as unknown as { echo: WebSocket }).echo.send('after the forgeries');
      },
      { conn, commandEvent: EVENT_COMMAND, handshakeEvent: EVENT_HANDSHAKE },
    );
    await env.server.waitFor(() => received('/ws/echo', 'after the forgeries') === 1);
    expect(received('/ws/echo', 'forged send')).toBe(0);
    expect(env.server.closes.some((c) => c.reason === 'forged close')).toBe(false);
    await expect(page.evaluate(() => (window as unknown as { echo: WebSocket }).echo.readyState)).resolves.toBe(1);
    await tap.close();
  });
});
