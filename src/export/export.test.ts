import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPTURE, HTTP_CAPTURE } from './events.fixture';
import { fromHar } from './from-har';
import type { Har } from './har';
import { fromNdjson, toNdjson } from './ndjson';
import { byConnection, expectLoadable, imported } from './round-trip.fixture';
import { toHar } from './to-har';

const options = { version: '0.1.0' };

describe('HAR export', () => {
  const har = JSON.parse(toHar(CAPTURE, options)) as Har;

  it('writes HAR 1.2 with one entry per connection in Chrome’s format', () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'Frametap', version: '0.1.0' });
    const [ws, sse] = har.log.entries;
    expect(ws).toMatchObject({
      _resourceType: 'websocket',
      startedDateTime: new Date(CAPTURE[0]?.time ?? 0).toISOString(),
      request: { method: 'GET', url: 'wss://chat.test/socket?room=1', queryString: [{ name: 'room', value: '1' }], headersSize: -1, bodySize: 0 },
      response: { status: 101, statusText: 'Switching Protocols', redirectURL: '', content: { size: 0, mimeType: 'x-unknown' } },
      timings: { send: 0, wait: 3.25 },
    });
    expect(ws?.request.headers).toContainEqual({ name: 'Sec-WebSocket-Protocol', value: 'chat, superchat' });
    expect(ws?.response.headers).toContainEqual({ name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate' });
    expect(ws?._webSocketMessages?.[0]).toEqual({ type: 'send', time: 1_747_214_411.260442, opcode: 1, data: '{"hello":"wörld"}', _seq: 2 });
    expect(ws?._webSocketMessages?.[1]).toMatchObject({ type: 'receive', opcode: 2, data: 'AAEC/w==' });
    expect(ws?._webSocketMessages?.[2]).toMatchObject({ _via: 'panel' });
    expect(ws?._webSocketMessages?.[4]).toMatchObject({ _truncated: true, _size: 50_000_000 });
    expect(sse).toMatchObject({ _resourceType: 'eventsource', response: { status: 200, content: { mimeType: 'text/event-stream' } } });
    expect(sse?._eventSourceMessages?.[0]).toMatchObject({ eventName: 'tick', eventId: '41', data: 'line1\nl2' });
    expect(sse?._webSocketMessages).toBeUndefined();
  });

  it('has every field Chrome DevTools’ HAR importer requires', () => {
    for (const entry of har.log.entries) {
      expect(Number.isNaN(Date.parse(entry.startedDateTime))).toBe(false);
      for (const n of [entry.time, entry.request.headersSize, entry.request.bodySize, entry.response.status, entry.response.headersSize, entry.response.bodySize, entry.response.content.size, entry.timings.send, entry.timings.wait, entry.timings.receive]) {
        expect(Number.isFinite(n)).toBe(true);
      }
      expect(typeof entry.request.httpVersion).toBe('string');
      expect(typeof entry.response.redirectURL).toBe('string');
    }
  });
});

describe('round trips', () => {
  it('HAR: events → HAR → events gives the same events', () => {
    const events = imported(fromHar(toHar(CAPTURE, options), { tag: 't1' }));
    expectLoadable(events);
    expect(byConnection(events)).toEqual(byConnection(CAPTURE));
    expect(events[0]?.conn).toBe('import:t1.1');
    // Interleaved by time across connections, as they were captured.
    expect(events.map((e) => e.time)).toEqual([...events.map((e) => e.time)].sort((a, b) => a - b));
  });

  it('NDJSON: events → NDJSON → events gives the same events', () => {
    const text = toNdjson(CAPTURE, options);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(CAPTURE.length + 1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({ format: 'frametap-ndjson', version: 1, creator: { name: 'Frametap', version: '0.1.0' } });
    expect(JSON.parse(lines[4] ?? '')).toMatchObject({ type: 'frame', conn: 'doc1.1', seq: 2, url: 'wss://chat.test/socket?room=1', kind: 'ws', dir: 'out' });
    const events = imported(fromNdjson(text));
    expectLoadable(events);
    expect(byConnection(events)).toEqual(byConnection(CAPTURE));
  });

  it('keeps a filtered export importable: frames alone rebuild their connections', () => {
    const framesOnly = CAPTURE.filter((e) => e.type === 'frame' && e.dir === 'in');
    for (const text of [toHar(framesOnly, options), toNdjson(framesOnly, options)]) {
      const events = imported(text.startsWith('{"format"') ? fromNdjson(text) : fromHar(text));
      expectLoadable(events);
      const frames = events.filter((e) => e.type === 'frame');
      expect(frames.map((f) => (f.type === 'frame' ? f.data : ''))).toEqual(framesOnly.map((f) => (f.type === 'frame' ? f.data : '')));
      const kinds = events.filter((e) => e.type === 'create').map((e) => (e.type === 'create' ? e.kind : ''));
      expect(kinds).toEqual(['ws', 'sse']);
    }
  });
});

describe('HAR import of a file saved by Chrome DevTools', () => {
  const text = readFileSync(new URL('./fixtures/chrome-websocket.har', import.meta.url), 'utf8');

  it('imports the WebSocket entry and passes over plain requests', () => {
    const result = fromHar(text, { tag: 'chrome' });
    expect(result).toMatchObject({ ok: true, connections: 1, frames: 5, skipped: 0 });
    const events = imported(result);
    expectLoadable(events);
    expect(events[0]).toEqual({
      conn: 'import:chrome.1',
      seq: 0,
      type: 'create',
      kind: 'ws',
      url: 'ws://127.0.0.1:8080/echo?room=lobby',
      protocols: ['chat', 'superchat'],
      withCredentials: false,
      frameUrl: 'http://127.0.0.1:8080/',
      time: Date.parse('2025-05-14T09:20:11.250Z'),
    });
    expect(events[1]).toMatchObject({ type: 'open', protocol: 'chat', extensions: 'permessage-deflate', time: Date.parse('2025-05-14T09:20:11.250Z') + 3.512 });
    const frames = events.filter((e) => e.type === 'frame');
    expect(frames.map((f) => [f.dir, f.opcode, f.size, f.data])).toEqual([
      ['out', 'text', 29, '{"type":"hello","name":"Ann"}'],
      ['in', 'text', 29, '{"type":"hello","name":"Ann"}'],
      ['out', 'binary', 4, 'AAEC/w=='],
      ['in', 'binary', 4, 'AAEC/w=='],
      ['in', 'text', 11, 'héllo 🌍'],
    ]);
    expect(frames[0]).toMatchObject({ time: 1_747_214_411_260.317, via: 'page', truncated: false });
  });
});

describe('import of untrusted files', () => {
  it('refuses what is not a HAR or NDJSON export', () => {
    expect(fromHar('not json')).toEqual({ ok: false, error: 'The file is not JSON.' });
    expect(fromHar('{"log":{}}')).toEqual({ ok: false, error: 'The file is not a HAR: it has no log.entries.' });
    expect(fromHar('[]')).toMatchObject({ ok: false });
    expect(fromNdjson('hello\nworld\n')).toEqual({ ok: false, error: 'The file holds no Frametap NDJSON records.' });
    expect(fromNdjson('')).toMatchObject({ ok: false });
  });

  it('skips malformed records and keeps the rest', () => {
    const har = {
      log: {
        entries: [
          42,
          { _resourceType: 'websocket', request: {} },
          {
            _resourceType: 'websocket',
            startedDateTime: 'yesterday',
            request: { url: 'ws://x.test/' },
            _webSocketMessages: [
              { type: 'send', time: 1, opcode: 1, data: 'ok' },
              { type: 'send', time: 2, opcode: 9, data: 'ping' },
              { type: 'sideways', time: 3, opcode: 1, data: 'x' },
              { type: 'receive', time: 'soon', opcode: 1, data: 'no time: takes the previous one' },
              { type: 'receive', opcode: 1, data: { toString: 'x' } },
              'junk',
            ],
            _frametap: { lifecycle: [{ type: 'close', time: 5 }], protocols: [1], created: 'x' },
          },
        ],
      },
    };
    const result = fromHar(JSON.stringify(har));
    expect(result).toMatchObject({ ok: true, connections: 1, frames: 2, skipped: 7 });
    const events = imported(result);
    expectLoadable(events);
    expect(events.filter((e) => e.type === 'frame').map((e) => e.time)).toEqual([1000, 1000]);

    const ndjson = [
      JSON.stringify(CAPTURE[0]),
      '{"type":"frame"}',
      'garbage',
      JSON.stringify({ ...CAPTURE[3], conn: 'x'.repeat(65) }),
      JSON.stringify(CAPTURE[3]),
      JSON.stringify(CAPTURE[0]),
    ].join('\r\n');
    const fromLines = fromNdjson(ndjson);
    expect(fromLines).toMatchObject({ ok: true, connections: 1, frames: 1, skipped: 4 });
  });

  // Hundreds of imports: the timeout gives a busy machine time.
  it('never throws on a mangled file', () => {
    const capture = [...CAPTURE, ...HTTP_CAPTURE];
    const base = toHar(capture, options);
    let seed = 1;
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const replacements = ['null', '0', '-1', '1e308', '"x"', '[]', '{}', 'true', '"\\u0000"'];
    const colons = [...base.matchAll(/: /g)].map((m) => m.index ?? 0);
    const ndjsonLines = toNdjson(capture, options).split('\n');
    for (let i = 0; i < 300; i++) {
      // Replace one value after a colon with another type; keep the JSON valid most of the time.
      const at = colons[Math.floor(next() * colons.length)] ?? 0;
      const end = base.slice(at + 2).search(/[,\n]/);
      const mangled = `${base.slice(0, at + 2)}${replacements[Math.floor(next() * replacements.length)]}${base.slice(at + 2 + Math.max(end, 0))}`;
      const result = fromHar(mangled);
      if (result.ok) expectLoadable(result.events);
      const lines = [...ndjsonLines];
      lines[Math.floor(next() * lines.length)] = mangled.slice(0, Math.floor(next() * 200));
      const fromLines = fromNdjson(lines.join('\n'));
      if (fromLines.ok) expectLoadable(fromLines.events);
    }
  }, 30_000);
});
