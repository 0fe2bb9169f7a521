/**
 * What the page hook captures, read raw from the service worker (no panel in between): real
 * Chromium with the built extension, real demo server. Every page opens its connections from its
 * first inline <head> script, before anything else runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closed, connectionEvents as eventsOf, framesOf, runPage as runCase } from './capture-page';
import type { CloseEvent, FrameEvent, HookEvent } from '../../src/shared/protocol';
import { openEventTap, type EventTap, useEnvironment } from './harness';

const env = useEnvironment();
let tap: EventTap;

beforeAll(async () => {
  // Subscribed before any page loads, so that nothing depends on the relay's backlog.
  tap = await openEventTap(env.session, env.session.page);
});

const runPage = (path: string, script: string, timeoutMs?: number): Promise<void> => runCase(env, path, script, timeoutMs);
const connectionEvents = (urlEnd: string, ready: (events: HookEvent[]) => boolean): Promise<HookEvent[]> =>
  eventsOf(tap, urlEnd, (url) => url.endsWith(urlEnd), ready);
const base64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');

/** Each connection's events arrive exactly once, in seq order, numbered from 0 without a gap. */
function expectInSeqOrder(events: HookEvent[]): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
  expect(events[0]?.type).toBe('create');
}

describe('hook capture', () => {
  it('captures a WebSocket opened by the first <head> script: every kind of frame, in order', async () => {
    const url = `${env.server.wsOrigin}/ws/echo?capture=ws`;
    await runPage(
      '/capture-ws.html',
      `
const ws = new WebSocket(${JSON.stringify(url)}, ['chat', 'superchat']);
let echoes = 0;
ws.onopen = () => {
  const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
  ws.send('héllo €😀');
  ws.send(bytes.buffer);
  ws.send(new Uint16Array(bytes.buffer, 2, 2));
  ws.send(new DataView(bytes.buffer, 5, 2));
  ws.send(new Blob(['blob!']));
  ws.send('after the blob');
};
ws.onmessage = () => {
  echoes += 1;
  if (echoes === 6) ws.close(4001, 'bye');
};
ws.onclose = () => { window.done = true; };
`,
    );
    const events = await connectionEvents('/ws/echo?capture=ws', closed);
    expectInSeqOrder(events);
    expect(events[0]).toMatchObject({
      type: 'create',
      kind: 'ws',
      url,
      protocols: ['chat', 'superchat'],
      withCredentials: false,
      frameUrl: `${env.server.origin}/capture-ws.html`,
    });
    expect(events[1]).toMatchObject({ type: 'open', protocol: 'chat' });
    expect((events[1] as { extensions: string }).extensions).toContain('permessage-deflate');

    const sent = [
      { opcode: 'text', size: 14, data: 'héllo €😀' },
      { opcode: 'binary', size: 8, data: base64([1, 2, 3, 4, 5, 6, 7, 8]) },
      { opcode: 'binary', size: 4, data: base64([3, 4, 5, 6]) },
      { opcode: 'binary', size: 2, data: base64([6, 7]) },
      { opcode: 'binary', size: 5, data: base64([...Buffer.from('blob!')]) },
      { opcode: 'text', size: 14, data: 'after the blob' },
    ];
    expect(framesOf(events, 'out').map(({ opcode, size, data, truncated, via }) => ({ opcode, size, data, truncated, via }))).toEqual(
      sent.map((frame) => ({ ...frame, truncated: false, via: 'page' })),
    );
    // binaryType "blob" (the default): binary echoes arrive as Blobs, read asynchronously.
    expect(framesOf(events, 'in').map(({ opcode, size, data }) => ({ opcode, size, data }))).toEqual(sent);
    expect(events.at(-1)).toMatchObject({ type: 'close', code: 4001, reason: 'bye', wasClean: true, initiator: 'page' });
  });

  it('captures ArrayBuffer data with binaryType "arraybuffer", and a close by the server', async () => {
    await runPage(
      '/capture-server-close.html',
      `
const ws = new WebSocket('${env.server.wsOrigin}/ws/close?code=4000&reason=server%20done&after=300');
ws.binaryType = 'arraybuffer';
ws.onopen = () => ws.send(new Uint8Array([9, 8, 7]));
ws.onclose = () => { window.done = true; };
`,
    );
    const events = await connectionEvents('/ws/close?code=4000&reason=server%20done&after=300', closed);
    expectInSeqOrder(events);
    expect(framesOf(events, 'out')).toMatchObject([{ opcode: 'binary', size: 3, data: base64([9, 8, 7]) }]);
    expect(events.at(-1)).toMatchObject({ type: 'close', code: 4000, reason: 'server done', wasClean: true, initiator: 'server' });

    const echo = `${env.server.wsOrigin}/ws/echo?capture=arraybuffer`;
    await runPage(
      '/capture-arraybuffer.html',
      `
const ws = new WebSocket(${JSON.stringify(echo)});
ws.binaryType = 'arraybuffer';
ws.onopen = () => ws.send(new Uint8Array([0, 255, 128]));
ws.onmessage = (e) => { window.gotArrayBuffer = e.data instanceof ArrayBuffer; ws.close(); };
ws.onclose = () => { window.done = true; };
`,
    );
    const echoed = await connectionEvents('/ws/echo?capture=arraybuffer', closed);
    expect(framesOf(echoed, 'in')).toMatchObject([{ opcode: 'binary', size: 3, data: base64([0, 255, 128]) }]);
    expect(await env.session.page.evaluate(() => (window as unknown as { gotArrayBuffer: boolean }).gotArrayBuffer)).toBe(true);
    expect(echoed.at(-1)).toMatchObject({ type: 'close', code: 1005, initiator: 'page' });
  });

  it('captures a connection that fails: an error, then close 1006', async () => {
    await runPage(
      '/capture-failure.html',
      `
const ws = new WebSocket('ws://127.0.0.1:1/refused');
ws.onclose = () => { window.done = true; };
`,
    );
    const events = await connectionEvents('127.0.0.1:1/refused', closed);
    expect(events.map((e) => e.type)).toEqual(['create', 'error', 'close']);
    expect(events[2] as CloseEvent).toMatchObject({ code: 1006, wasClean: false, initiator: 'server' });
  });

  it('captures EventSource events, named ones the page listens to, ids, and close()', async () => {
    await runPage(
      '/capture-sse.html',
      `
const es = new EventSource('/sse/stream?count=4&interval=20&capture=sse', { withCredentials: true });
let seen = 0;
const count = () => { seen += 1; if (seen === 3) { es.close(); window.done = true; } };
es.onmessage = count;
es.addEventListener('price', count);
`,
    );
    const events = await connectionEvents('/sse/stream?count=4&interval=20&capture=sse', closed);
    expectInSeqOrder(events);
    expect(events[0]).toMatchObject({ type: 'create', kind: 'sse', protocols: [], withCredentials: true });
    expect(events[1]).toMatchObject({ type: 'open', protocol: '', extensions: '' });
    const frames = framesOf(events, 'in');
    // The stream cycles unnamed, `price`, `news`, unnamed: nobody listens to `news`, the page
    // never sees it, and neither does the hook.
    expect(frames.map((f) => [f.event, f.lastEventId, f.opcode, f.via])).toEqual([
      ['message', '1', 'text', 'page'],
      ['price', '2', 'text', 'page'],
      ['message', '4', 'text', 'page'],
    ]);
    expect(JSON.parse((frames[1] as FrameEvent).data)).toMatchObject({ price: expect.any(Number) });
    expect(frames.every((f) => f.size === Buffer.byteLength(f.data))).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'close', code: 0, reason: '', wasClean: true, initiator: 'page' });
  });

  it('captures EventSource reconnections and the end the server puts to them', async () => {
    await runPage(
      '/capture-sse-drop.html',
      `
const es = new EventSource('/sse/drop?after=2&capture=drop');
es.onerror = () => { if (es.readyState === EventSource.CLOSED) window.done = true; };
`,
    );
    const events = await connectionEvents('/sse/drop?after=2&capture=drop', closed);
    expectInSeqOrder(events);
    // Four streams of two events, each ended by the server (the browser reconnects), then a 204.
    const errors = events.filter((e) => e.type === 'error');
    expect(errors.map((e) => (e as { reconnecting: boolean }).reconnecting)).toEqual([true, true, true, true, false]);
    expect(events.filter((e) => e.type === 'open')).toHaveLength(4);
    // Unnamed events only: `message` is always observed, and the page listens to nothing else.
    expect(framesOf(events, 'in').map((f) => [f.event, f.lastEventId])).toEqual([
      ['message', '1'],
      ['message', '4'],
      ['message', '5'],
      ['message', '8'],
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'close', wasClean: false, initiator: 'server' });
  });

  it('keeps capturing when the page has patched the builtins the hook relies on', async () => {
    const url = `${env.server.wsOrigin}/ws/echo?capture=patched`;
    await runPage(
      '/capture-patched.html',
      `
JSON.stringify = () => '"patched"';
Array.prototype.push = function () { return 0; };
const addEventListener = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (type, listener, options) { return addEventListener.call(this, type, listener, options); };
window.CustomEvent = function () { throw new Error('no CustomEvent'); };
window.postMessage = function () { throw new Error('no postMessage'); };
Object.prototype.toJSON = function () { throw new Error('toJSON called'); };
WeakMap.prototype.get = function () { return undefined; };
Function.prototype.apply = function () { throw new Error('apply called'); };
Reflect.apply = function () { throw new Error('Reflect.apply called'); };
Object.freeze(WebSocket.prototype);
const ws = new WebSocket(${JSON.stringify(url)});
ws.onopen = () => { ws.send('patched page'); ws.send(new Uint8Array([42])); };
let echoes = 0;
ws.onmessage = () => { if (++echoes === 2) ws.close(); };
ws.onclose = () => { window.done = true; };
`,
    );
    const events = await connectionEvents('/ws/echo?capture=patched', closed);
    expectInSeqOrder(events);
    expect(framesOf(events, 'out').map((f) => f.data)).toEqual(['patched page', base64([42])]);
    expect(framesOf(events, 'in').map((f) => f.data)).toEqual(['patched page', base64([42])]);
  });
});
