/**
 * A Socket.IO session as socket.io-client makes it by default, in the real panel: HTTP long
 * polling first, then the upgrade to a WebSocket. The sidebar lists the polling channel and the
 * WebSocket as one session, whose stream holds both transports' packets in order, with the
 * upgrade marked and an emit sent over polling paired with its ack received over the WebSocket.
 *
 * The demo page's "Connect (polling, then upgrade)" gives the session as a user makes it. Where
 * the order across the upgrade must be known, a socket.io server of the test's own holds the
 * WebSocket back until the test lets it through, and acks one event only once upgraded.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPanel, until, useEnvironment } from './harness';
import { connections, details, grid } from './panel-view';

const env = useEnvironment();
let panel: Page;

interface HeldUpgradeServer {
  origin: string;
  /** Lets the WebSocket upgrade through. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A socket.io server whose WebSocket upgrade waits for `release()`: until then the session stays
 * on polling. Namespace /held: `room:join` is acked at once, `upgrade:wait` once the session has
 * upgraded, so its ack crosses from one transport to the other.
 */
async function startHeldUpgradeServer(pageOrigin: string): Promise<HeldUpgradeServer> {
  const http = createServer();
  let release = (): void => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const io = new Server(http, { cors: { origin: pageOrigin } });
  // Engine.IO's middlewares see the upgrade requests too.
  io.engine.use((req: { url?: string }, _res: unknown, next: () => void) => {
    if (new URL(req.url ?? '/', 'http://x').searchParams.get('transport') === 'websocket') void released.then(next);
    else next();
  });
  io.of('/held').on('connection', (socket) => {
    socket.on('room:join', (room: unknown, ack: (answer: unknown) => void) => ack({ room, members: 1 }));
    socket.on('upgrade:wait', (ack: (answer: unknown) => void) => {
      if (socket.conn.transport.name === 'websocket') ack('websocket');
      else socket.conn.once('upgrade', () => ack('websocket'));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    release,
    close: () => {
      release();
      http.closeAllConnections();
      return new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

let held: HeldUpgradeServer;

beforeAll(async () => {
  held = await startHeldUpgradeServer(env.server.origin);
  await env.session.page.goto(`${env.server.origin}/`);
  panel = await openPanel(env.session, env.session.page);
});

afterAll(async () => {
  await held?.close();
});

/**
 * The grid's rows on screen as `<type> | <decoded>`: the type is a polling row's HTTP method or
 * status, a WebSocket row's `text`, so it tells the transports apart.
 */
const typedRows = (): Promise<string[]> =>
  grid(panel)
    .getByRole('row')
    .evaluateAll((rows) => rows.map((row) => `${row.querySelector('.cell-type')?.textContent ?? ''} | ${row.querySelector('.cell-decoded')?.textContent ?? ''}`));

/** Rows of the selected entry, once `ready` accepts them; a timeout says which rows there were. */
async function rowsWhen(what: string, ready: (rows: string[]) => boolean): Promise<string[]> {
  let last: string[] = [];
  try {
    return await until(what, async () => {
      last = await typedRows();
      return ready(last) ? last : undefined;
    });
  } catch (error) {
    throw new Error(`${String(error)}; the rows: ${JSON.stringify(last)}`, { cause: error });
  }
}

/** The row of the first match of each pattern, by name; -1 for a missing one. */
function positions<K extends string>(rows: string[], patterns: Record<K, RegExp>): Record<K, number> {
  const found = {} as Record<K, number>;
  for (const name of Object.keys(patterns) as K[]) found[name] = rows.findIndex((r) => patterns[name].test(r));
  return found;
}

const missing = (found: Record<string, number>): string[] => Object.keys(found).filter((name) => (found[name] ?? -1) < 0);

const sessionOptions = () => connections(panel).getByRole('option', { name: /Socket\.IO session/ });

describe('a Socket.IO session over polling, then a WebSocket', () => {
  it('is one sidebar entry whose stream holds both transports, the upgrade marked', async () => {
    const page = env.session.page;
    await page.click('#sio-connect-default');
    await until('the page upgraded to a WebSocket', async () => (await page.textContent('#sio-status'))?.endsWith('· websocket'));
    await page.fill('#sio-room', 'kitchen');
    await page.click('#sio-join');

    await until('one Socket.IO session in the sidebar', async () => (await sessionOptions().count()) === 1);
    const session = sessionOptions();
    await expect(session.innerText()).resolves.toMatch(/^POLL→WS\s+Socket\.IO session/);
    // The transports are in the session's entry, not beside it.
    await expect(connections(panel).getByRole('option', { name: /transport=websocket/ }).count()).resolves.toBe(0);
    await session.click();

    const rows = await rowsWhen('the session from its open packet to the join over the WebSocket', (texts) =>
      texts.some((t) => /^text \| ACK \/chat ack \d+/.test(t)),
    );
    const at = positions(rows, {
      openPacket: /^200 \| open sid \S+ Engine\.IO v4/,
      connect: /^POST \| CONNECT \/chat/,
      probe: /^text \| upgrade probe: ping/,
      probeAnswer: /^text \| upgrade probe: pong/,
      upgrade: /^text \| upgrade to WebSocket/,
      join: /^text \| EVENT room:join \/chat ack \d+/,
      ack: /^text \| ACK \/chat ack \d+/,
    });
    expect(missing(at)).toEqual([]);
    const { openPacket, probe, probeAnswer, upgrade, join } = at;
    // Polling first, then the upgrade, then the WebSocket.
    expect(openPacket).toBeLessThan(probe);
    expect(probe).toBeLessThan(probeAnswer);
    expect(probeAnswer).toBeLessThan(upgrade);
    expect(upgrade).toBeLessThan(join);
    await page.click('#sio-disconnect');
  });

  it('pairs an emit sent over polling with its ack received over the WebSocket', async () => {
    const page = env.session.page;
    env.server.addPage(
      '/socketio-session.html',
      `<!doctype html><html><head><meta charset="utf-8"><script src="/socket.io/socket.io.min.js"></script></head><body><script>
const socket = io(${JSON.stringify(`${held.origin}/held`)});
window.steps = [];
socket.on('connect', () => {
  socket.emit('room:join', 'polling-room', (answer) => {
    window.steps.push('joined over ' + socket.io.engine.transport.name);
    socket.emit('upgrade:wait', (answer) => window.steps.push('acked over ' + socket.io.engine.transport.name));
  });
});
</script></body></html>`,
    );
    await page.goto(`${env.server.origin}/socketio-session.html`);
    const steps = (): Promise<string[]> => page.evaluate(() => (window as unknown as { steps: string[] }).steps);
    await until('the join acked over polling', async () => (await steps()).includes('joined over polling'));

    const session = connections(panel).getByRole('option', { name: /\/socket\.io\/\?EIO=4&transport=polling/ });
    await session.click();
    // Before the upgrade, everything is in the polling channel: open packet, CONNECT, the event and its ack.
    const polled = await rowsWhen('the session on polling', (texts) => texts.some((t) => /^POST \| EVENT upgrade:wait \/held ack \d+/.test(t)));
    const onPolling = positions(polled, {
      openPacket: /^200 \| open sid/,
      connect: /^200 \| CONNECT \/held/,
      join: /^POST \| EVENT room:join \/held ack \d+/,
      joinAck: /^200 \| ACK \/held ack/,
    });
    expect(missing(onPolling)).toEqual([]);
    expect(polled.some((t) => /^200 \| ok: POST received/.test(t))).toBe(true);

    held.release();
    await until('the deferred ack over the WebSocket', async () => (await steps()).includes('acked over websocket'));
    await until('the session entry', async () => (await sessionOptions().count()) === 1);
    await sessionOptions().click();
    const rows = await rowsWhen('the deferred ack in the session’s stream', (texts) => texts.some((t) => /^text \| ACK \/held ack \d+/.test(t)));
    const { waitEvent, upgrade, crossAck } = positions(rows, {
      waitEvent: /^POST \| EVENT upgrade:wait \/held ack/,
      upgrade: /^text \| upgrade to WebSocket/,
      crossAck: /^text \| ACK \/held ack \d+/,
    });
    expect(waitEvent).toBeGreaterThanOrEqual(0);
    expect(waitEvent).toBeLessThan(upgrade);
    expect(upgrade).toBeLessThan(crossAck);

    // The event sent over polling names its response over the WebSocket, and goes to it.
    await grid(panel).getByRole('row').filter({ hasText: /EVENT upgrade:wait \/held ack/ }).click();
    const decoded = details(panel).getByRole('region', { name: 'Decoded' });
    await until('the event’s response', async () => /Response: ACK \/held ack \d+/.test(await decoded.innerText()));
    await decoded.getByRole('button', { name: 'Go to response' }).click();
    const selected = grid(panel).getByRole('row', { selected: true });
    await until('the ack over the WebSocket selected', async () => {
      const [type, decodedText] = await Promise.all([selected.locator('.cell-type').textContent(), selected.locator('.cell-decoded').textContent()]);
      return type === 'text' && /ACK \/held ack/.test(decodedText ?? '');
    });
  });
});
