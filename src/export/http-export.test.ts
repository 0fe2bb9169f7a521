import { describe, expect, it } from 'vitest';
import type { CreateEvent, HookEvent } from '../shared/protocol';
import { CAPTURE, HTTP_CAPTURE } from './events.fixture';
import { fromHar } from './from-har';
import type { Har, HarEntry } from './har';
import { fromNdjson, toNdjson } from './ndjson';
import { byConnection, expectLoadable, imported } from './round-trip.fixture';
import { toHar } from './to-har';

const options = { version: '0.1.0' };
const ALL = [...CAPTURE, ...HTTP_CAPTURE];

const creates = (events: readonly HookEvent[]): CreateEvent[] => events.filter((e): e is CreateEvent => e.type === 'create');

describe('HAR export of streams and polling channels', () => {
  const [sseStream, ndjsonStream, engineIo, interval] = (JSON.parse(toHar(HTTP_CAPTURE, options)) as Har).log.entries as HarEntry[];

  it('writes a stream as its request, with the body it sent, and its response’s messages', () => {
    expect(sseStream).toMatchObject({
      _resourceType: 'fetch',
      // From the request, not from the response that made it a stream.
      startedDateTime: new Date(HTTP_CAPTURE[0]?.type === 'create' ? (HTTP_CAPTURE[0].requestTime ?? 0) : 0).toISOString(),
      request: { method: 'POST', url: 'https://llm.test/v1/chat', bodySize: 19, postData: { mimeType: '', text: '{"prompt":"héllo"}', _seq: 1 } },
      response: { status: 200, statusText: 'OK', content: { mimeType: 'text/event-stream' } },
      timings: { wait: 41 },
      _frametap: { kind: 'stream', api: 'fetch', framing: 'sse', requestTime: HTTP_CAPTURE[0]?.type === 'create' ? HTTP_CAPTURE[0].requestTime : 0 },
    });
    expect(sseStream?.request.postData?._encoding).toBeUndefined();
    expect(sseStream?._streamMessages).toEqual([
      { type: 'receive', time: expect.any(Number), opcode: 1, data: 'Hel', event: 'message', id: '', _seq: 3 },
      { type: 'receive', time: expect.any(Number), opcode: 1, data: '{"delta":"lo"}', event: 'delta', id: '7', _seq: 4 },
      { type: 'receive', time: expect.any(Number), opcode: 1, data: 'fake', event: 'message', id: '7', _via: 'inject', _seq: 5 },
    ]);
    expect(sseStream?._frametap.lifecycle).toContainEqual(expect.objectContaining({ type: 'open', status: 200 }));
    expect(sseStream?._webSocketMessages).toBeUndefined();
  });

  it('gives a message its size where the data does not say it', () => {
    expect(ndjsonStream).toMatchObject({ _resourceType: 'xhr', request: { method: 'GET', bodySize: 0 }, response: { content: { mimeType: 'application/x-ndjson' } } });
    expect(ndjsonStream?.request.postData).toBeUndefined();
    const messages = ndjsonStream?._streamMessages ?? [];
    expect(messages[0]).not.toHaveProperty('_size');
    expect(messages[1]).toMatchObject({ data: '\uFFFD', _size: 1 });
    expect(messages[1]).not.toHaveProperty('_truncated');
    expect(messages[2]).toMatchObject({ _truncated: true, _size: 30_000_000 });
  });

  it('writes a polling channel as one entry, every request with its method and every response with its status', () => {
    expect(engineIo).toMatchObject({
      _resourceType: 'xhr',
      request: { method: 'GET', queryString: expect.arrayContaining([{ name: 'transport', value: 'polling' }]) },
      response: { status: 200, content: { mimeType: 'text/plain; charset=UTF-8' } },
      _frametap: { kind: 'poll', api: 'xhr', framing: 'engine.io' },
    });
    expect(engineIo?._frametap).not.toHaveProperty('intervalMs');
    expect(engineIo?._pollMessages?.map((m) => [m.type, m.method ?? m.status, m.data.slice(0, 4)])).toEqual([
      ['send', 'GET', ''],
      ['receive', 200, '0{"s'],
      ['send', 'GET', ''],
      ['send', 'POST', '40'],
      ['receive', 200, 'ok'],
      ['receive', 200, '40{"'],
      ['receive', 200, '42["'],
      ['send', 'GET', ''],
      ['send', 'GET', ''],
      ['receive', 400, '{"co'],
    ]);
    expect(interval).toMatchObject({ _resourceType: 'fetch', _frametap: { kind: 'poll', framing: 'whole', intervalMs: 2000 }, response: { content: { mimeType: 'x-unknown' } } });
    expect(interval?._pollMessages?.[1]).toMatchObject({ type: 'receive', opcode: 2, data: 'AAEC', status: 200 });
  });
});

describe('round trips of every kind', () => {
  it('HAR: events → HAR → events gives the same events', () => {
    const events = imported(fromHar(toHar(ALL, options)));
    expectLoadable(events);
    expect(byConnection(events)).toEqual(byConnection(ALL));
  });

  it('NDJSON: events → NDJSON → events gives the same events', () => {
    const text = toNdjson(ALL, options);
    const pollFrame = text.split('\n').map((line) => JSON.parse(line || '{}') as Record<string, unknown>).find((line) => line.conn === 'doc1.5' && line.type === 'frame');
    expect(pollFrame).toMatchObject({ kind: 'poll', api: 'xhr', framing: 'engine.io', method: 'GET' });
    const events = imported(fromNdjson(text));
    expectLoadable(events);
    expect(byConnection(events)).toEqual(byConnection(ALL));
  });

  it('rebuilds streams and channels from their frames alone', () => {
    const framesOnly = HTTP_CAPTURE.filter((e) => e.type === 'frame');
    const har = imported(fromHar(toHar(framesOnly, options)));
    const ndjson = imported(fromNdjson(toNdjson(framesOnly, options)));
    for (const events of [har, ndjson]) {
      expectLoadable(events);
      expect(events.filter((e) => e.type === 'frame').map((e) => (e.type === 'frame' ? [e.data, e.method ?? e.status] : []))).toEqual(framesOnly.map((e) => (e.type === 'frame' ? [e.data, e.method ?? e.status] : [])));
    }
    // Without the creates, both know what the frames tell: a request without a status is a
    // stream's, responses with one are a poll's; an NDJSON stream's records look like WebSocket
    // messages. (A frame line of a connection whose create was exported names its API and framing.)
    for (const events of [har, ndjson]) {
      expect(creates(events).map((c) => [c.kind, c.api, c.framing, c.method])).toEqual([
        ['stream', 'fetch', 'whole', 'POST'],
        ['ws', undefined, undefined, undefined],
        ['poll', 'fetch', 'whole', 'GET'],
        ['poll', 'fetch', 'whole', 'GET'],
      ]);
    }
  });
});

describe('HAR import of streams other tools recorded', () => {
  const entry = (over: Record<string, unknown>): Record<string, unknown> => ({
    startedDateTime: '2025-05-14T09:20:11.250Z',
    request: { method: 'POST', url: 'https://llm.test/v1/chat', headers: [], postData: { mimeType: 'application/json', text: '{"stream":true}' } },
    response: { status: 200, headers: [{ name: 'Content-Type', value: 'text/event-stream; charset=utf-8' }], content: { size: 40, mimeType: 'text/event-stream' } },
    timings: { wait: 12.5 },
    ...over,
  });

  it('reads an event stream read through fetch, recorded as `_eventSourceMessages`, as a stream with its request body', () => {
    const har = {
      log: {
        entries: [
          entry({ _resourceType: 'fetch', _eventSourceMessages: [{ time: 1_747_214_411.3, eventName: 'delta', eventId: '1', data: 'Hi' }] }),
          // A plain request: no messages, not a connection.
          entry({ _resourceType: 'fetch', request: { method: 'GET', url: 'https://app.test/data.json' } }),
        ],
      },
    };
    const result = fromHar(JSON.stringify(har), { tag: 'tool' });
    expect(result).toMatchObject({ ok: true, connections: 1, frames: 2, skipped: 0 });
    const events = imported(result);
    expectLoadable(events);
    const started = Date.parse('2025-05-14T09:20:11.250Z');
    expect(events.map(({ conn: _conn, seq: _seq, ...rest }) => rest)).toEqual([
      { type: 'create', kind: 'stream', url: 'https://llm.test/v1/chat', protocols: [], withCredentials: false, frameUrl: '', time: started, api: 'fetch', method: 'POST', framing: 'sse' },
      { type: 'frame', dir: 'out', via: 'page', opcode: 'text', data: '{"stream":true}', size: 15, truncated: false, time: started, method: 'POST' },
      { type: 'open', protocol: '', extensions: '', status: 200, time: started + 12.5 },
      { type: 'frame', dir: 'in', via: 'page', opcode: 'text', data: 'Hi', size: 2, truncated: false, time: 1_747_214_411_300, event: 'delta', lastEventId: '1' },
    ]);
  });

  it('takes a stream’s framing from its content type when no Frametap record names it', () => {
    const har = { log: { entries: [entry({ _resourceType: 'xhr', request: { method: 'GET', url: 'https://x.test/feed' }, response: { status: 200, content: { mimeType: 'application/x-ndjson' } }, _streamMessages: [{ type: 'receive', opcode: 1, data: '{}' }] })] } };
    expect(creates(imported(fromHar(JSON.stringify(har))))).toMatchObject([{ kind: 'stream', api: 'xhr', method: 'GET', framing: 'ndjson' }]);
  });
});

describe('hostile imports of HTTP connections', () => {
  it('rejects wrong HTTP fields one by one and keeps the rest', () => {
    type Loose = Record<string, unknown>;
    const har = JSON.parse(toHar(HTTP_CAPTURE, options)) as { log: { entries: { _frametap: Loose; request: Loose; _streamMessages: Loose[]; _pollMessages: Loose[] }[] } };
    const [stream, , poll] = har.log.entries;
    if (!stream || !poll) throw new Error('the export has no stream or poll');
    Object.assign(stream._frametap, { api: 7, framing: 'smoke-signals', requestTime: 'soon' });
    stream.request.method = 'POST /admin HTTP/1.1';
    stream._streamMessages[0] = { ...stream._streamMessages[0], event: 5, id: ['7'], _size: -1 };
    Object.assign(poll._frametap, { kind: 'tcp', intervalMs: -5 });
    poll._pollMessages[0] = { ...poll._pollMessages[0], method: 'x'.repeat(33) };
    poll._pollMessages[1] = { ...poll._pollMessages[1], status: '200' };
    poll._pollMessages[2] = { ...poll._pollMessages[2], status: 1e9, type: 'poll' };

    const result = fromHar(JSON.stringify(har));
    expect(result).toMatchObject({ ok: true, connections: 4, skipped: 1 });
    const events = imported(result);
    expectLoadable(events);
    const [streamCreate, , pollCreate] = creates(events);
    // The API from `_resourceType`, the framing from the content type, the method a default.
    expect(streamCreate).toMatchObject({ kind: 'stream', api: 'fetch', framing: 'sse', method: 'GET' });
    expect(streamCreate).not.toHaveProperty('requestTime');
    expect(pollCreate).toMatchObject({ kind: 'poll', api: 'xhr', framing: 'engine.io' });
    expect(pollCreate).not.toHaveProperty('intervalMs');
    const frames = (conn: string | undefined) => events.filter((e) => e.type === 'frame' && e.conn === conn);
    expect(frames(streamCreate?.conn)[1]).toEqual(expect.objectContaining({ data: 'Hel', size: 3 }));
    expect(frames(streamCreate?.conn)[1]).not.toHaveProperty('event');
    expect(frames(streamCreate?.conn)[1]).not.toHaveProperty('lastEventId');
    const pollFrames = frames(pollCreate?.conn);
    expect(pollFrames[0]).not.toHaveProperty('method');
    expect(pollFrames[1]).not.toHaveProperty('status');
    expect(pollFrames[1]).toMatchObject({ data: expect.stringMatching(/^0\{"sid"/) });
    expect(pollFrames).toHaveLength(9);
  });

  it('counts a huge list of junk as skipped, and a request body that is not text', () => {
    const junk = Array.from({ length: 50_000 }, (_, i) => (i % 2 === 0 ? { type: 'receive', opcode: 3, data: 'x' } : [i]));
    const har = {
      log: {
        entries: [
          { _resourceType: 'xhr', request: { url: 'https://x.test/poll', method: 'GET' }, _pollMessages: junk, _frametap: { kind: 'poll', protocols: Array(10_000).fill(0) } },
          { _resourceType: 'fetch', request: { url: 'https://x.test/s', method: 'PUT', postData: { text: { evil: true } } }, _streamMessages: [] },
        ],
      },
    };
    const result = fromHar(JSON.stringify(har));
    expect(result).toMatchObject({ ok: true, connections: 2, frames: 0, skipped: 50_001 });
    if (result.ok) expectLoadable(result.events);
  });

  it('skips NDJSON lines whose HTTP fields have the wrong type, and checks a frame line’s connection fields one by one', () => {
    const lines = toNdjson(HTTP_CAPTURE, options).trimEnd().split('\n');
    const at = (conn: string, seq: number): number => lines.findIndex((l) => l.includes(`"conn":"${conn}"`) && l.includes(`"seq":${seq},`));
    const edit = (index: number, over: Record<string, unknown>): void => {
      lines[index] = JSON.stringify({ ...(JSON.parse(lines[index] ?? '{}') as object), ...over });
    };
    edit(at('doc1.3', 3), { status: '200' });
    edit(at('doc1.3', 4), { method: 42 });
    edit(at('doc1.4', 0), { framing: 'telepathy' });
    // Its create and open gone, doc1.4 is rebuilt from its first frame line, whose own fields are checked.
    lines.splice(at('doc1.4', 1), 1);
    edit(at('doc1.4', 2), { api: 'carrier-pigeon' });
    const result = fromNdjson(lines.join('\n'));
    expect(result).toMatchObject({ ok: true, connections: 4, skipped: 3 });
    const events = imported(result);
    expectLoadable(events);
    expect(creates(events)[1]).toMatchObject({ kind: 'stream', api: 'fetch', framing: 'ndjson', method: 'GET', url: 'https://api.test/feed.ndjson?since=3' });
  });
});
