/**
 * What the page hook captures of HTTP traffic, read raw from the service worker: streams read
 * through fetch and XHR (SSE, NDJSON, JSON text sequences, multipart), long-polling transports,
 * polled URLs and the user's URL patterns, against the real demo server. Every page starts its
 * requests from its first <head> script.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closed, connectionEvents as eventsOf, framesOf, runPage as runCase } from './capture-page';
import type { CloseEvent, CreateEvent, HookEvent, OpenEvent } from '../../src/shared/protocol';
import { hookEvents, openEventTap, until, useEnvironment, type EventTap } from './harness';

const env = useEnvironment();
let tap: EventTap;

beforeAll(async () => {
  tap = await openEventTap(env.session, env.session.page);
});

const runPage = (path: string, script: string, timeoutMs?: number): Promise<void> => runCase(env, path, script, timeoutMs);
const pageResult = (): Promise<unknown> => env.session.page.evaluate(() => (window as unknown as { result: unknown }).result);
const connectionEvents = (urlPart: string, ready: (events: HookEvent[]) => boolean): Promise<HookEvent[]> =>
  eventsOf(tap, urlPart, (url) => url.includes(urlPart), ready);

describe('HTTP streams', () => {
  it('captures SSE read through fetch, POSTed, cut into chunks that split events, as the event stream parser would', async () => {
    await runPage(
      '/http-sse-fetch.html',
      `
(async () => {
  const response = await fetch('/stream/sse?count=4&interval=0&chunk=7&eol=crlf&bom=1&case=fetch', { method: 'POST', body: '{"prompt":"hi"}' });
  const text = await response.text();
  window.result = text.length;
  window.done = true;
})();
`,
    );
    const events = await connectionEvents('case=fetch', closed);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events[0]).toMatchObject({ type: 'create', kind: 'stream', api: 'fetch', method: 'POST', framing: 'sse' });
    expect(framesOf(events, 'out')).toEqual([expect.objectContaining({ data: '{"prompt":"hi"}', method: 'POST' })]);
    expect((events[2] as OpenEvent).status).toBe(200);
    const incoming = framesOf(events, 'in');
    expect(incoming.map(({ event, lastEventId }) => [event, lastEventId])).toEqual([
      ['request', '0'],
      ['message', '1'],
      ['price', '2'],
      ['message', '3'],
      ['message', '4'],
    ]);
    expect(incoming[0]).toMatchObject({ data: '{"prompt":"hi"}', size: 15, truncated: false });
    expect(incoming[3]?.data).toBe('line one of event 3\nline two of event 3');
    expect(events.at(-1) as CloseEvent).toMatchObject({ type: 'close', code: 0, initiator: 'server', wasClean: true, reason: '' });
    expect(await pageResult()).toBeGreaterThan(0);
  });

  it('cuts NDJSON, JSON Lines, JSON text sequences and stream+json into records, read with a reader', async () => {
    await runPage(
      '/http-ndjson.html',
      `
(async () => {
  for (const type of ['ndjson', 'jsonl', 'json-seq', 'stream+json']) {
    const reader = (await fetch('/stream/ndjson?count=3&interval=0&chunk=4&type=' + encodeURIComponent(type))).body.getReader();
    while (!(await reader.read()).done);
  }
  window.done = true;
})();
`,
    );
    for (const type of ['ndjson', 'jsonl', 'json-seq', 'stream%2Bjson']) {
      const events = await connectionEvents(`type=${type}`, closed);
      expect(events[0]).toMatchObject({ kind: 'stream', framing: type === 'json-seq' ? 'json-seq' : 'ndjson' });
      const records = framesOf(events, 'in').map((f) => JSON.parse(f.data) as { n: number });
      expect(records.map((r) => r.n)).toEqual([1, 2, 3]);
    }
  });

  it('reads multipart/x-mixed-replace part by part', async () => {
    await runPage('/http-multipart.html', `fetch('/stream/multipart?count=3&interval=0').then((r) => r.text()).then(() => { window.done = true; });`);
    const events = await connectionEvents('/stream/multipart', closed);
    expect(events[0]).toMatchObject({ framing: 'multipart' });
    expect(framesOf(events, 'in').map((f) => (JSON.parse(f.data) as { n: number }).n)).toEqual([1, 2, 3]);
  });

  it('captures an XHR streaming SSE as it grows, and an XHR NDJSON read as an ArrayBuffer at its end', async () => {
    await runPage(
      '/http-xhr.html',
      `
const a = new XMLHttpRequest();
a.open('POST', '/stream/sse?count=3&interval=20&case=xhr-sse');
a.onloadend = () => {
  const b = new XMLHttpRequest();
  b.open('GET', '/stream/ndjson?count=2&interval=0&case=xhr-buffer');
  b.responseType = 'arraybuffer';
  b.onloadend = () => { window.done = true; };
  b.send();
};
a.send('xhr body');
`,
    );
    const sse = await connectionEvents('case=xhr-sse', closed);
    expect(sse[0]).toMatchObject({ kind: 'stream', api: 'xhr', method: 'POST', framing: 'sse' });
    expect(framesOf(sse, 'out')[0]?.data).toBe('xhr body');
    expect(framesOf(sse, 'in').map((f) => f.event)).toEqual(['request', 'message', 'price', 'message']);
    const buffer = await connectionEvents('case=xhr-buffer', closed);
    expect(framesOf(buffer, 'in')).toHaveLength(2);
  });
});

describe('the page’s pace', () => {
  it('reads no further than the page: a reader that stops after two chunks gets nothing more captured', async () => {
    await runPage(
      '/http-backpressure.html',
      `
(async () => {
  const reader = (await fetch('/stream/endless?interval=10&case=pace')).body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let i = 0; i < 2; i++) text += decoder.decode((await reader.read()).value, { stream: true });
  window.result = (text.match(/^data: /gm) || []).length;
  window.reader = reader;
  setTimeout(() => { window.done = true; }, 1500);
})();
`,
    );
    const events = hookEvents(await tap.events()).filter((e) => e.type === 'create' && e.url.includes('case=pace'));
    const conn = (events[0] as CreateEvent).conn;
    const captured = framesOf(hookEvents(await tap.events()).filter((e) => e.conn === conn), 'in');
    // Every event the page read whole, and none it did not read: 1.5 s of 10 ms events went unread.
    expect(captured.length).toBeLessThanOrEqual((await pageResult()) as number);
  });

  it('cancels at the server: a reader’s cancel and an abort both end the response, and say who ended it', async () => {
    const path = '/stream/endless';
    await runPage(
      '/http-cancel.html',
      `
(async () => {
  const first = (await fetch('/stream/endless?interval=50&case=cancel')).body.getReader();
  await first.read();
  await first.cancel('enough');
  const controller = new AbortController();
  const second = (await fetch('/stream/endless?interval=50&case=abort', { signal: controller.signal })).body.getReader();
  await second.read();
  controller.abort();
  window.done = true;
})();
`,
    );
    await until('both responses ended at the server', async () => env.server.openResponses(path) === 0);
    const cancelled = await connectionEvents('case=cancel', closed);
    expect(cancelled.at(-1)).toMatchObject({ type: 'close', initiator: 'page', wasClean: false });
    const aborted = await connectionEvents('case=abort', closed);
    expect(aborted.at(-1)).toMatchObject({ type: 'close', initiator: 'server', wasClean: false, reason: 'AbortError' });
  });
});

describe('polling', () => {
  it('finds a URL polled on an interval by its rhythm, cache buster or not, from its third request on', async () => {
    await runPage(
      '/http-poll.html',
      `
(async () => {
  for (let i = 0; i < 6; i++) {
    await (await fetch('/poll/price?case=rhythm&t=' + Date.now())).json();
    await new Promise((r) => setTimeout(r, 250));
  }
  window.done = true;
})();
`,
    );
    const events = await connectionEvents('case=rhythm', (e) => framesOf(e, 'in').length >= 4);
    expect(events[0]).toMatchObject({ kind: 'poll', api: 'fetch', method: 'GET', framing: 'whole' });
    expect((events[0] as CreateEvent).intervalMs).toBeGreaterThan(200);
    expect(framesOf(events, 'out').every((f) => f.method === 'GET' && f.data === '')).toBe(true);
    const responses = framesOf(events, 'in');
    expect(responses.every((f) => f.status === 200 && (JSON.parse(f.data) as { symbol: string }).symbol === 'ACME')).toBe(true);
  });

  it('captures what the user listed in Settings, on a page loaded afterwards', async () => {
    await tap.setSyncStorage({ 'frametap:capture-patterns': ['*/longpoll/price?case=pattern*'] });
    // The relay hands the patterns over a few milliseconds into the document's life (README).
    await runPage(
      '/http-pattern.html',
      `setTimeout(() => fetch('/longpoll/price?case=pattern&since=0').then((r) => r.json()).then(() => { window.done = true; }), 200);`,
    );
    const events = await connectionEvents('case=pattern', (e) => framesOf(e, 'in').length === 1);
    expect(events[0]).toMatchObject({ kind: 'poll', framing: 'whole' });
    expect((JSON.parse(framesOf(events, 'in')[0]?.data ?? '') as { symbol: string }).symbol).toBe('ACME');
    await tap.setSyncStorage({ 'frametap:capture-patterns': [] });
  });

  it('shows a Socket.IO session from its first poll: the open packet, CONNECT, an event and its ack, split into packets', async () => {
    await runPage(
      '/http-socketio.html',
      `
const script = document.createElement('script');
script.src = '/socket.io/socket.io.min.js';
script.onload = () => {
  const socket = io('/chat', { transports: ['polling'] });
  socket.on('connect', () => socket.emit('room:join', 'polling-room', () => { window.done = true; }));
};
document.head.append(script);
`,
    );
    const events = await connectionEvents('transport=polling', (e) => framesOf(e, 'in').some((f) => f.data.startsWith('43')));
    expect(events[0]).toMatchObject({ kind: 'poll', framing: 'engine.io' });
    const incoming = framesOf(events, 'in').map((f) => f.data);
    expect(incoming[0]).toMatch(/^0\{"sid"/);
    expect(incoming.some((d) => d.startsWith('40/chat,'))).toBe(true);
    expect(framesOf(events, 'out').some((f) => f.data.startsWith('42/chat,') && f.data.includes('room:join'))).toBe(true);
  });
});

describe('hostile streams', () => {
  it('bounds a 10 MB line without a newline, decodes invalid UTF-8, and says what a cut stream left unfinished', async () => {
    await runPage(
      '/http-hostile.html',
      `
(async () => {
  for (const path of ['/stream/long-line?size=10485760', '/stream/invalid-utf8', '/stream/cut']) {
    const reader = (await fetch(path)).body.getReader();
    while (!(await reader.read()).done);
  }
  window.done = true;
})();
`,
    );
    const longLine = await connectionEvents('/stream/long-line', closed);
    expect(framesOf(longLine, 'in')).toEqual([]);
    expect((longLine.at(-1) as CloseEvent).reason).toMatch(/^ended inside a message: 10485\d\d\d bytes never completed$/);
    const invalid = framesOf(await connectionEvents('/stream/invalid-utf8', closed), 'in');
    expect(invalid.some((f) => f.data.includes('\uFFFD'))).toBe(true);
    expect(invalid.some((f) => f.data.includes('€'))).toBe(true);
    expect(invalid.at(-1)?.data).toBe('{"valid":true}');
    const cut = await connectionEvents('/stream/cut', closed);
    expect(framesOf(cut, 'in')).toHaveLength(2);
    expect((cut.at(-1) as CloseEvent).reason).toMatch(/^ended inside a message/);
  });

  it('takes 10,000 requests of a polling channel as one channel, every exchange counted, none lost', async () => {
    await tap.setSyncStorage({ 'frametap:capture-patterns': ['*/poll/price?case=flood*'] });
    await runPage(
      '/http-poll-flood.html',
      `
setTimeout(async () => {
  let next = 0;
  const worker = async () => { while (next < 10000) { next += 1; await (await fetch('/poll/price?case=flood&n=' + next)).text(); } };
  await Promise.all(Array.from({ length: 16 }, worker));
  window.done = true;
}, 200);
`,
      150_000,
    );
    const events = await connectionEvents('case=flood', (e) => framesOf(e, 'in').length === 10_000);
    await tap.setSyncStorage({ 'frametap:capture-patterns': [] });
    const creates = hookEvents(await tap.events()).filter((e) => e.type === 'create' && e.url.includes('case=flood'));
    expect(creates).toHaveLength(1);
    expect(framesOf(events, 'out')).toHaveLength(10_000);
    expect(framesOf(events, 'in').at(-1)).toMatchObject({ totalMessages: 10_000, status: 200 });
  }, 180_000);

  it('keeps the head of a 100 MB record and its true size, and the record after it', async () => {
    await runPage(
      '/http-huge.html',
      `(async () => { const r = await fetch('/stream/huge?size=104857600&type=ndjson'); window.result = (await r.arrayBuffer()).byteLength; window.done = true; })();`,
    );
    const events = await connectionEvents('/stream/huge', closed);
    const [huge, after] = framesOf(events, 'in');
    expect(huge).toMatchObject({ size: 104857600 - 1, truncated: true });
    expect(huge?.data.length).toBe(16 * 1024 * 1024);
    expect(after?.truncated).toBe(false);
  });
});
