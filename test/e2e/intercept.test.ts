/**
 * Intercept rules and breakpoints in the page hook: drop, delay, rewrite, respond and pause on
 * WebSocket and EventSource messages, blocked connections and a simulated network drop. Real
 * Chromium, the built extension, the demo server; rules are set as a panel sets them (through the
 * service worker), what reached the server is asserted on its recorder, what reached the page in
 * the page.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_COMMAND, EVENT_HOOK_CONTROL } from '../../src/shared/constants';
import { interceptRule, type InterceptRule } from '../../src/shared/intercept-rules';
import type { FrameEvent, FrameOrigin, ReleaseEvent } from '../../src/shared/protocol';
import { openEventTap, until, useEnvironment, type AttributedEvent, type EventTap } from './harness';

// Block connection rules need the optional permission the user grants when first picking one.
const env = useEnvironment({ grantOptionalPermissions: true });
let tap: EventTap;
let ruleCount = 0;

const rule = (fields: Partial<InterceptRule>): InterceptRule => interceptRule(`rule-${++ruleCount}`, { url: '/ws/echo', direction: 'out', ...fields });

interface Got {
  data?: string;
  type?: string;
  origin?: string;
  isMessageEvent?: boolean;
  event?: string;
  code?: number;
  wasClean?: boolean;
  readyState?: number;
  lastEventId?: string;
  at?: number;
}

/** A page with one echo socket (and, with `sse`, an event stream) that writes down all it gets. */
function socketPage(wsOrigin: string, extra = ''): string {
  return `
window.got = []; window.order = [];
const note = (e) => ({ data: typeof e.data === 'string' ? e.data : 'binary', type: Object.prototype.toString.call(e.data), origin: e.origin, isMessageEvent: e instanceof MessageEvent, at: Date.now() });
window.ws = new WebSocket('${wsOrigin}/ws/echo');
ws.binaryType = 'arraybuffer';
ws.addEventListener('message', (e) => { got.push(note(e)); order.push('listener'); });
ws.onmessage = () => order.push('onmessage');
ws.onerror = () => got.push({ event: 'error', readyState: ws.readyState });
ws.onclose = (e) => got.push({ event: 'close', code: e.code, wasClean: e.wasClean, readyState: ws.readyState });
window.sendAt = (text) => { const at = Date.now(); ws.send(text); return at; };
${extra}
ws.onopen = () => { window.done = true; };`;
}

async function openPage(path: string, script: string): Promise<void> {
  env.server.addPage(path, `<!doctype html><html><head><meta charset="utf-8"><script>${script}</script></head><body></body></html>`);
  await env.session.page.goto(`${env.server.origin}${path}`);
  await until(`${path} ready`, () => env.session.page.evaluate(() => (window as unknown as { done?: boolean }).done === true));
}

const got = (): Promise<Got[]> => env.session.page.evaluate(() => (window as unknown as { got: Got[] }).got);
const pageRun = <T>(script: string): Promise<T> => env.session.page.evaluate(script) as Promise<T>;
const receivedOnEcho = (): string[] => env.server.received.filter((m) => m.path === '/ws/echo' && !m.binary).map((m) => m.data as string);

/** The newest document's events (the tap keeps every document's). */
async function currentEvents(): Promise<AttributedEvent[]> {
  const all = await tap.events();
  const last = all.at(-1);
  return last ? all.filter((e) => e.origin.documentId === last.origin.documentId) : [];
}

const frames = (events: AttributedEvent[]): FrameEvent[] => events.map((e) => e.event).filter((e): e is FrameEvent => e.type === 'frame');

/** The frame and document of the current page's top frame, once it has reported something. */
async function topOrigin(): Promise<FrameOrigin> {
  return until('the page has reported', async () => (await currentEvents()).find((e) => e.origin.frameId === 0)?.origin);
}

/**
 * Sets the rules, then waits until the page's hook has them: a command to the same document
 * travels the same way behind them, and is answered only once they arrived.
 */
async function applyRules(...rules: InterceptRule[]): Promise<void> {
  await tap.setRules(rules);
  await tap.command(await topOrigin(), { op: 'release', conn: 'barrier', hold: 0, drop: false });
}

beforeAll(async () => {
  tap = await openEventTap(env.session, env.session.page);
});

afterAll(async () => {
  await tap.close();
});

beforeEach(async () => {
  await tap.setRules([]);
});

describe('WebSocket rules', () => {
  it('drops a sent message before the server, and a received one before the page', async () => {
    await openPage('/intercept/drop', socketPage(env.server.wsOrigin));
    await applyRules(rule({ match: 'secret' }), rule({ direction: 'in', match: 'hidden' }));
    await pageRun(`ws.send('my secret'); ws.send('hidden echo'); ws.send('plain')`);
    await env.server.waitFor(() => receivedOnEcho().includes('plain'));
    await until('the echoes', async () => (await got()).some((g) => g.data === 'plain'));
    expect(receivedOnEcho()).not.toContain('my secret');
    expect(receivedOnEcho()).toContain('hidden echo');
    expect((await got()).map((g) => g.data)).toEqual(['plain']);
    const dropped = frames(await currentEvents()).filter((f) => f.action === 'drop');
    expect(dropped.map((f) => [f.dir, f.data])).toEqual([
      ['out', 'my secret'],
      ['in', 'hidden echo'],
    ]);
  });

  it('delays a message and keeps the ones after it behind it, in order', async () => {
    await openPage('/intercept/delay', socketPage(env.server.wsOrigin));
    await applyRules(rule({ match: 'slow', action: 'delay', delayMs: 400 }), rule({ direction: 'in', match: 'late', action: 'delay', delayMs: 400 }));
    const sentAt = await pageRun<number>(`(() => { const at = sendAt('slow one'); ws.send('quick one'); return at; })()`);
    await env.server.waitFor(() => receivedOnEcho().includes('quick one'));
    const received = env.server.received.filter((m) => m.path === '/ws/echo' && (m.data === 'slow one' || m.data === 'quick one'));
    expect(received.map((m) => m.data)).toEqual(['slow one', 'quick one']);
    // A lower bound only: the message cannot have left before its delay.
    expect((received[0]?.time ?? 0) - sentAt).toBeGreaterThanOrEqual(350);
    const echoedAt = await pageRun<number>(`(() => { const at = Date.now(); ws.send('late echo'); ws.send('after it'); return at; })()`);
    await until('both echoes', async () => (await got()).filter((g) => g.data === 'late echo' || g.data === 'after it').length === 2);
    const echoes = (await got()).filter((g) => g.data === 'late echo' || g.data === 'after it');
    expect(echoes.map((g) => g.data)).toEqual(['late echo', 'after it']);
    expect((echoes[0]?.at ?? 0) - echoedAt).toBeGreaterThanOrEqual(350);
    expect(frames(await currentEvents()).filter((f) => f.action === 'delay').map((f) => [f.dir, f.data, f.delayMs])).toEqual([
      ['out', 'slow one', 400],
      ['in', 'late echo', 400],
    ]);
  });

  it('delivers delayed binary messages as binaryType says, Blob or ArrayBuffer, with the bytes sent', async () => {
    await openPage('/intercept/binary', socketPage(env.server.wsOrigin));
    // Binary messages are matched by rules that take every message.
    await applyRules(rule({ direction: 'both', action: 'delay', delayMs: 50 }));
    const received = await pageRun<string[]>(`new Promise((resolve) => {
      const seen = [];
      const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
      ws.onmessage = async (e) => {
        const bytes = e.data instanceof Blob ? await e.data.arrayBuffer() : e.data;
        seen.push(Object.prototype.toString.call(e.data) + ' ' + hex(bytes));
        if (seen.length === 2) resolve(seen);
      };
      const buffer = new Uint8Array([1, 2, 3]);
      ws.send(buffer);
      // Reused at once: the delayed message still carries what send() was given.
      buffer.set([9, 9, 9]);
      setTimeout(() => { ws.binaryType = 'blob'; ws.send(new Uint8Array([4, 5])); }, 200);
    })`);
    expect(received).toEqual(['[object ArrayBuffer] 010203', '[object Blob] 0405']);
  });

  it('rewrites a sent message with regex groups, and a received JSON field, as a real MessageEvent', async () => {
    await openPage('/intercept/rewrite', socketPage(env.server.wsOrigin));
    await applyRules(
      rule({ match: '/hello (\\w+)/', action: 'rewrite', replacement: 'goodbye $1' }),
      rule({ direction: 'in', field: 'json', path: 'price', action: 'rewrite', replacement: '99' }),
    );
    await pageRun(`ws.send('hello world'); ws.send('{"symbol":"ACME","price":1}')`);
    await env.server.waitFor(() => receivedOnEcho().includes('{"symbol":"ACME","price":1}'));
    expect(receivedOnEcho()).toContain('goodbye world');
    expect(receivedOnEcho()).not.toContain('hello world');
    await until('the rewritten echo', async () => (await got()).length === 2);
    const [first, second] = await got();
    expect(first).toMatchObject({ data: 'goodbye world', type: '[object String]', isMessageEvent: true, origin: env.server.wsOrigin });
    expect(second).toMatchObject({ data: '{"symbol":"ACME","price":99}', origin: env.server.wsOrigin });
    // Every listener, in the page's order, as for the server's own messages.
    expect(await pageRun<string[]>('order')).toEqual(['listener', 'onmessage', 'listener', 'onmessage']);
    const rewritten = frames(await currentEvents()).filter((f) => f.action === 'rewrite');
    expect(rewritten.map((f) => [f.dir, f.data, f.delivered])).toEqual([
      ['out', 'hello world', 'goodbye world'],
      ['in', '{"symbol":"ACME","price":1}', '{"symbol":"ACME","price":99}'],
    ]);
  });

  it('responds to a sent message with a mock reply, filled from the request', async () => {
    await openPage('/intercept/respond', socketPage(env.server.wsOrigin));
    await applyRules(rule({ match: '/"id":(\\d+)/', action: 'respond', replacement: '{"id":$1,"mocked":true}', delayMs: 50 }));
    await pageRun(`ws.send('{"id":7,"op":"get"}'); ws.send('unmatched')`);
    await until('the mock reply', async () => (await got()).some((g) => g.data === '{"id":7,"mocked":true}'));
    await env.server.waitFor(() => receivedOnEcho().includes('unmatched'));
    expect(receivedOnEcho()).not.toContain('{"id":7,"op":"get"}');
    const reply = (await got()).find((g) => g.data === '{"id":7,"mocked":true}');
    expect(reply).toMatchObject({ isMessageEvent: true, origin: env.server.wsOrigin, type: '[object String]' });
    const fs = frames(await currentEvents());
    expect(fs.find((f) => f.action === 'respond')).toMatchObject({ dir: 'out', data: '{"id":7,"op":"get"}', passed: false });
    expect(fs.find((f) => f.via === 'rule')).toMatchObject({ dir: 'in', data: '{"id":7,"mocked":true}' });
  });

  it('stops a Respond rule whose replies make the page send again, and says so', async () => {
    await openPage('/intercept/loop', socketPage(env.server.wsOrigin, `ws.addEventListener('message', (e) => { if (e.data === 'pong') ws.send('ping'); });`));
    await applyRules(rule({ match: 'ping', action: 'respond', replacement: 'pong' }));
    await pageRun(`ws.send('ping')`);
    await until('the rule stopped', async () => frames(await currentEvents()).some((f) => f.loop === true));
    // Stopped, the rule lets the page's message go on to the server, which echoes it.
    await env.server.waitFor(() => receivedOnEcho().includes('ping'));
    const replies = frames(await currentEvents()).filter((f) => f.via === 'rule').length;
    expect(replies).toBeGreaterThanOrEqual(100);
    expect(replies).toBeLessThanOrEqual(101);
  });

  it('pauses a message and the ones after it until it is continued, edited', async () => {
    await openPage('/intercept/pause', socketPage(env.server.wsOrigin));
    await applyRules(rule({ match: 'hold', action: 'pause' }));
    const returned = await pageRun<boolean>(`(() => { ws.send('hold me'); ws.send('behind it'); return ws.bufferedAmount >= 0; })()`);
    expect(returned).toBe(true);
    const paused = await until('the paused frame', async () => frames(await currentEvents()).find((f) => f.action === 'pause'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receivedOnEcho()).toEqual(expect.not.arrayContaining(['hold me', 'behind it']));
    const result = await tap.command(await topOrigin(), { op: 'release', conn: paused.conn, hold: paused.hold ?? -1, drop: false, data: 'edited while paused' });
    expect(result).toEqual({ ok: true });
    await env.server.waitFor(() => receivedOnEcho().includes('behind it'));
    const order = receivedOnEcho();
    expect(order.indexOf('edited while paused')).toBeLessThan(order.indexOf('behind it'));
    expect(order).not.toContain('hold me');
    const release = await until('the release', async () =>
      (await currentEvents()).map((e) => e.event).find((e): e is ReleaseEvent => e.type === 'release'),
    );
    expect(release).toMatchObject({ conn: paused.conn, hold: paused.hold, outcome: 'edited', data: 'edited while paused' });
  });

  it('lets what it holds go, in order, once the panel leaves', async () => {
    await openPage('/intercept/leave', socketPage(env.server.wsOrigin));
    await applyRules(rule({ match: 'wait', action: 'pause' }));
    await pageRun(`ws.send('wait for me'); ws.send('and me')`);
    await until('the paused frame', async () => frames(await currentEvents()).some((f) => f.action === 'pause'));
    await tap.setRules([]);
    await env.server.waitFor(() => receivedOnEcho().includes('and me'));
    const order = receivedOnEcho();
    expect(order.indexOf('wait for me')).toBeLessThan(order.indexOf('and me'));
  });

  it('sends what it holds before the close frame when the page closes the socket', async () => {
    await openPage('/intercept/close-held', socketPage(env.server.wsOrigin));
    await applyRules(rule({ match: 'parting', action: 'delay', delayMs: 60_000 }));
    await pageRun(`ws.send('parting words'); ws.close(1000, 'bye')`);
    await env.server.waitFor(() => env.server.closes.some((c) => c.reason === 'bye'));
    expect(receivedOnEcho()).toContain('parting words');
  });

  it('simulates a network drop: error, then close 1006, not clean, and nothing after', async () => {
    await openPage('/intercept/sever', socketPage(env.server.wsOrigin));
    await pageRun(`ws.send('before the drop')`);
    await until('the echo', async () => (await got()).some((g) => g.data === 'before the drop'));
    const created = await until('the socket', async () => (await currentEvents()).find((e) => e.event.type === 'create'));
    expect(await tap.command(created.origin, { op: 'sever', conn: created.event.conn })).toEqual({ ok: true });
    await until('the close', async () => (await got()).some((g) => g.event === 'close'));
    const events = (await got()).filter((g) => g.event);
    expect(events).toEqual([
      { event: 'error', readyState: 3 },
      { event: 'close', code: 1006, wasClean: false, readyState: 3 },
    ]);
    // The page saw its close at once; the capture of it arrives with the hook's next batch.
    const close = await until('the captured close', async () => (await currentEvents()).map((e) => e.event).find((e) => e.type === 'close'));
    expect(close).toMatchObject({ code: 1006, wasClean: false, initiator: 'panel' });
  });
});

describe('rules and the page', () => {
  it('gives the page no way to set a rule: forged controls on every target it can reach are nothing', async () => {
    await openPage('/intercept/forged', socketPage(env.server.wsOrigin));
    const dropAll = JSON.stringify({ op: 'rules', rules: [{ id: 'forged', url: null, direction: 'both', match: null, field: 'message', path: [], action: 'drop', replacement: '', deleteField: false, delayMs: 0, passThrough: false }] });
    await pageRun(`(() => {
      for (const target of [window, document, document.documentElement]) {
        target.dispatchEvent(new CustomEvent('${EVENT_HOOK_CONTROL}', { detail: ${JSON.stringify(dropAll)} }));
        target.dispatchEvent(new CustomEvent('${EVENT_COMMAND}', { detail: '{"op":"release","conn":"x","hold":0,"drop":true}' }));
      }
      ws.send('still delivered');
    })()`);
    await env.server.waitFor(() => receivedOnEcho().includes('still delivered'));
    await until('the echo', async () => (await got()).some((g) => g.data === 'still delivered'));
  });
});

describe('EventSource rules', () => {
  const ssePage = `
window.got = [];
window.es = new EventSource('/sse/stream?interval=40&count=8');
const note = (listener) => (e) => got.push({ event: listener, data: e.data, lastEventId: e.lastEventId, origin: e.origin, isMessageEvent: e instanceof MessageEvent });
es.onmessage = note('message');
es.addEventListener('price', note('price'));
es.addEventListener('news', note('news'));
es.onopen = () => { window.done = true; };`;

  it('drops, rewrites and delays server events, keeping their type, id and order', async () => {
    await tap.setRules([
      rule({ url: '/sse/stream', direction: 'in', match: 'headline', action: 'drop' }),
      rule({ url: '/sse/stream', direction: 'in', field: 'json', path: 'symbol', action: 'rewrite', replacement: '"REWRITTEN"' }),
      rule({ url: '/sse/stream', direction: 'in', match: 'multi-line', action: 'delay', delayMs: 300 }),
    ]);
    // The rules reach a new document with its hello, before its stream's first event.
    await openPage('/intercept/sse', ssePage);
    await until('eight events, news dropped', async () => (await got()).length === 6, 20_000);
    const events = await got();
    expect(events.some((g) => g.event === 'news')).toBe(false);
    const price = events.find((g) => g.event === 'price');
    expect(JSON.parse(price?.data ?? '{}')).toMatchObject({ symbol: 'REWRITTEN' });
    expect(price).toMatchObject({ lastEventId: '2', origin: env.server.origin, isMessageEvent: true });
    // The delayed event holds back the one after it: ids stay in order.
    expect(events.map((g) => Number(g.lastEventId))).toEqual([1, 2, 4, 5, 6, 8]);
    const fs = frames(await currentEvents());
    expect(fs.filter((f) => f.action === 'drop').map((f) => f.event)).toEqual(['news', 'news']);
    expect(fs.find((f) => f.action === 'rewrite')).toMatchObject({ event: 'price', lastEventId: '2' });
  });

  it('pauses a server event until it is dropped from the panel', async () => {
    await openPage('/intercept/sse-pause', ssePage);
    await applyRules(rule({ url: '/sse/stream', direction: 'in', match: 'update', action: 'pause' }));
    const paused = await until('the paused event', async () => frames(await currentEvents()).find((f) => f.action === 'pause'), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = (await got()).map((g) => g.lastEventId);
    expect(before).not.toContain(paused.lastEventId);
    expect(await tap.command(await topOrigin(), { op: 'release', conn: paused.conn, hold: paused.hold ?? -1, drop: true })).toEqual({ ok: true });
    await until('the events behind it', async () => (await got()).length > before.length);
    expect((await got()).map((g) => g.lastEventId)).not.toContain(paused.lastEventId);
  });
});

describe('EventSource closed by the page', () => {
  it('dispatches nothing more once the page closed it, not even what a rule held', async () => {
    await openPage(
      '/intercept/sse-closed',
      `window.got = []; window.es = new EventSource('/sse/stream?interval=40&count=8'); es.onmessage = (e) => got.push({ data: e.data }); es.onopen = () => { window.done = true; };`,
    );
    await applyRules(rule({ url: '/sse/stream', direction: 'in', action: 'pause' }));
    const paused = await until('a paused event', async () => frames(await currentEvents()).find((f) => f.action === 'pause'), 20_000);
    await pageRun('es.close()');
    // What came before the rule reached the page; nothing after the close does.
    const before = await got();
    expect(await tap.command(await topOrigin(), { op: 'release', conn: paused.conn, hold: paused.hold ?? -1, drop: false })).toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await got()).toEqual(before);
    expect(before.some((g) => g.data === paused.data)).toBe(false);
  });
});

describe('fetch stream rules', () => {
  // The socket makes the page report at once, so that rules can be set before the stream starts.
  const readerPage = (wsOrigin: string) => `
const ws = new WebSocket('${wsOrigin}/ws/echo');
ws.onopen = () => { window.done = true; };
window.read = async (url) => {
  const response = await fetch(url);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
    window.partial = text;
  }
};`;

  /** An event stream's events as a parser would read them: id, type and data. */
  const sseEvents = (text: string) =>
    text
      .replace(/\r\n?/g, '\n')
      .split('\n\n')
      .map((block) => Object.fromEntries(block.split('\n').filter((line) => /^(id|event|data):/.test(line)).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()])))
      .filter((fields) => 'data' in fields);

  it('drops, rewrites and delays an event stream read through fetch, its other bytes as the server sent them', async () => {
    await openPage('/intercept/fetch-sse', readerPage(env.server.wsOrigin));
    await applyRules(
      rule({ url: '/stream/sse', direction: 'in', match: 'plain text event', action: 'drop' }),
      rule({ url: '/stream/sse', direction: 'in', field: 'json', path: 'symbol', action: 'rewrite', replacement: '"REWRITTEN"' }),
      rule({ url: '/stream/sse', direction: 'in', match: 'line one', action: 'delay', delayMs: 200 }),
    );
    const text = await pageRun<string>(`read('/stream/sse?count=8&interval=20&eol=crlf&chunk=7')`);
    expect(text.slice(0, 51)).toBe('retry: 3000\r\n: comment, ignored by parsers\r\n\r\nid: 1');
    // Untouched events keep their bytes, CRLFs and all; a rewritten one is written anew.
    expect(text).toContain('id: 5\r\ndata: {"n":5,');
    const events = sseEvents(text);
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '5', '6', '7']);
    expect(events[1]).toMatchObject({ event: 'price' });
    expect(JSON.parse(events[1]?.data ?? '{}')).toMatchObject({ n: 2, symbol: 'REWRITTEN' });
    const fs = frames(await currentEvents()).filter((f) => f.action);
    expect(fs.map((f) => [f.action, f.lastEventId])).toEqual([
      ['rewrite', '2'],
      ['delay', '3'],
      ['drop', '4'],
      ['rewrite', '6'],
      ['delay', '7'],
      ['drop', '8'],
    ]);
  });

  it('pauses an NDJSON record until it is continued, edited, the records behind it waiting', async () => {
    await openPage('/intercept/fetch-ndjson', readerPage(env.server.wsOrigin));
    await applyRules(rule({ url: '/stream/ndjson', direction: 'in', field: 'json', path: 'n', match: '2', action: 'pause' }));
    const reading = pageRun<string>(`read('/stream/ndjson?count=4&interval=10')`);
    const paused = await until('the paused record', async () => frames(await currentEvents()).find((f) => f.action === 'pause'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await pageRun<string | undefined>('window.partial'))?.split('\n').filter(Boolean).length).toBe(1);
    expect(await tap.command(await topOrigin(), { op: 'release', conn: paused.conn, hold: paused.hold ?? -1, drop: false, data: '{"n":2,"edited":true}' })).toEqual({ ok: true });
    const lines = (await reading).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { n: number; edited?: boolean });
    expect(lines.map((l) => l.n)).toEqual([1, 2, 3, 4]);
    expect(lines[1]).toEqual({ n: 2, edited: true });
  });
});

describe('connection rules', () => {
  it('blocks new connections as the browser refuses them: WebSocket error then 1006, EventSource error and retry', async () => {
    await openPage('/intercept/block', socketPage(env.server.wsOrigin));
    await tap.setRules([rule({ url: 'blocked=1', action: 'block' })]);
    // The browser takes the block a moment after the service worker asks it to.
    await until('connections refused', () =>
      pageRun<boolean>(`new Promise((resolve) => { const probe = new WebSocket('${env.server.wsOrigin}/ws/echo?blocked=1&probe'); probe.onopen = () => { probe.close(); resolve(false); }; probe.onerror = () => resolve(true); })`),
    );
    const outcome = await pageRun<{ ws: string[]; es: number[] }>(`new Promise((resolve) => {
      const seen = { ws: [], es: [] };
      const blocked = new WebSocket('${env.server.wsOrigin}/ws/echo?blocked=1');
      blocked.onopen = () => seen.ws.push('open');
      blocked.onerror = () => seen.ws.push('error');
      blocked.onclose = (e) => { seen.ws.push('close ' + e.code + ' ' + e.wasClean); };
      const source = new EventSource('/sse/stream?blocked=1');
      source.onopen = () => seen.es.push(-1);
      source.onerror = () => { seen.es.push(source.readyState); if (seen.es.length === 1) setTimeout(() => { source.close(); resolve(seen); }, 300); };
    })`);
    expect(outcome.ws).toEqual(['error', 'close 1006 false']);
    // A refused EventSource reconnects: its error comes while it is CONNECTING again.
    expect(outcome.es[0]).toBe(0);
  });
});
