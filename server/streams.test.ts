import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';
import { MULTIPART_BOUNDARY } from './stream-multipart';
import { eventIds, field, parseEventStream, readHttpChunks } from './test-clients';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

const get = (path: string, init?: RequestInit) => fetch(`${server.origin}${path}`, init);

describe('/stream/sse', () => {
  it('sends retry, a comment, then `count` events cycling JSON, price, two-line and plain text, each with an id', async () => {
    const response = await get('/stream/sse?count=5&interval=0');
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const blocks = parseEventStream(await response.text());

    expect(blocks[0]).toEqual([['retry', '3000'], ['', 'comment, ignored by parsers']]);
    expect(eventIds(blocks)).toEqual([1, 2, 3, 4, 5]);
    const [first, price, twoLines, plain, fifth] = blocks.slice(1);
    expect(JSON.parse(field(first ?? [], 'data') ?? '')).toMatchObject({ n: 1 });
    expect(field(price ?? [], 'event')).toBe('price');
    expect(JSON.parse(field(price ?? [], 'data') ?? '')).toMatchObject({ n: 2, symbol: 'ACME', price: expect.any(Number) });
    expect(twoLines?.filter(([key]) => key === 'data')).toEqual([['data', 'line one of event 3'], ['data', 'line two of event 3']]);
    expect(field(plain ?? [], 'data')).toBe('plain text event 4');
    expect(field(fifth ?? [], 'event')).toBeUndefined();
  });

  it('uses the line ending `eol` asks for, and starts with a BOM when `bom=1`', async () => {
    const lf = await (await get('/stream/sse?count=4&interval=0')).arrayBuffer();
    for (const [eol, ending] of [['crlf', '\r\n'], ['cr', '\r']] as const) {
      const body = Buffer.from(await (await get(`/stream/sse?count=4&interval=0&eol=${eol}`)).arrayBuffer()).toString();
      expect(body.startsWith(`retry: 3000${ending}: comment`)).toBe(true);
      expect(body.replace(/"time":\d+/g, '')).toBe(Buffer.from(lf).toString().replaceAll('\n', ending).replace(/"time":\d+/g, ''));
    }
    const withBom = Buffer.from(await (await get('/stream/sse?count=1&bom=1')).arrayBuffer());
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(withBom.subarray(3, 8).toString()).toBe('retry');
  });

  it('writes one chunk per event, or with `chunk=N` the whole output in chunks of N bytes', async () => {
    const perEvent = await readHttpChunks(server.origin, '/stream/sse?count=3&interval=0');
    expect(perEvent.chunks.map((chunk) => chunk.toString().split('\n')[0])).toEqual(['retry: 3000', 'id: 1', 'id: 2', 'id: 3']);

    const recut = await readHttpChunks(server.origin, '/stream/sse?count=3&interval=0&chunk=7');
    const lengths = recut.chunks.map((chunk) => chunk.length);
    expect(lengths.slice(0, -1).every((length) => length === 7)).toBe(true);
    expect(lengths.at(-1)).toBeLessThanOrEqual(7);
    expect(eventIds(parseEventStream(Buffer.concat(recut.chunks).toString()))).toEqual([1, 2, 3]);
  });

  it('echoes a POST body first, as `event: request`', async () => {
    const response = await get('/stream/sse?count=1', { method: 'POST', body: 'hello\nworld' });
    const blocks = parseEventStream(await response.text());
    expect(blocks[1]).toEqual([['id', '0'], ['event', 'request'], ['data', 'hello'], ['data', 'world']]);
    expect(eventIds(blocks)).toEqual([0, 1]);
  });

  it('refuses nonsense with 400, a body over 64 KiB with 413, other methods with 405', async () => {
    for (const query of ['count=many', 'eol=crcr', 'bom=yes', 'chunk=1.5', 'interval=-']) {
      expect((await get(`/stream/sse?${query}`)).status, query).toBe(400);
    }
    expect((await get('/stream/sse', { method: 'POST', body: 'x'.repeat(64 * 1024 + 1) })).status).toBe(413);
    const put = await get('/stream/sse', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, HEAD');
  });

  it('clamps count and interval to their bounds', async () => {
    const started = Date.now();
    const blocks = parseEventStream(await (await get('/stream/sse?count=-3&interval=999999999')).text());
    expect(eventIds(blocks)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('/stream/ndjson', () => {
  it('sends one JSON object per line, with the Content-Type of `type`', async () => {
    for (const [type, contentType] of [
      ['ndjson', 'application/x-ndjson'],
      ['jsonl', 'application/jsonl'],
      ['stream+json', 'application/stream+json'],
    ]) {
      const response = await get(`/stream/ndjson?count=3&interval=0&type=${encodeURIComponent(type ?? '')}`);
      expect(response.headers.get('content-type')).toBe(contentType);
      const lines = (await response.text()).split('\n');
      expect(lines.at(-1)).toBe('');
      expect(lines.slice(0, -1).map((line) => JSON.parse(line) as unknown)).toMatchObject([{ n: 1, price: expect.any(Number) }, { n: 2 }, { n: 3 }]);
    }
  });

  it('frames json-seq records as RFC 7464 does: RS before, LF after', async () => {
    const response = await get('/stream/ndjson?count=2&interval=0&type=json-seq');
    expect(response.headers.get('content-type')).toBe('application/json-seq');
    const body = await response.text();
    const [before, ...records] = body.split('\u001e');
    expect(before).toBe('');
    expect(records.map((record) => record.endsWith('}\n') && (JSON.parse(record) as { n: number }).n)).toEqual([1, 2]);
  });

  it('re-cuts its output into `chunk`-byte writes, and refuses an unknown type', async () => {
    const { chunks } = await readHttpChunks(server.origin, '/stream/ndjson?count=4&interval=0&chunk=5');
    expect(chunks.slice(0, -1).every((chunk) => chunk.length === 5)).toBe(true);
    expect(Buffer.concat(chunks).toString().split('\n')).toHaveLength(5);
    expect((await get('/stream/ndjson?type=xml')).status).toBe(400);
  });

  it('paces records `interval` ms apart', async () => {
    const started = Date.now();
    await (await get('/stream/ndjson?count=3&interval=60')).text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe('/stream/multipart', () => {
  it('sends `count` JSON parts between `frametap` boundaries, then the closing delimiter', async () => {
    const response = await get('/stream/multipart?count=3&interval=0');
    expect(response.headers.get('content-type')).toBe(`multipart/x-mixed-replace; boundary=${MULTIPART_BOUNDARY}`);
    const body = await response.text();
    expect(body.endsWith('--frametap--\r\n')).toBe(true);
    const parts = body.split('--frametap').slice(1, -1);
    expect(parts).toHaveLength(3);
    parts.forEach((part, i) => {
      const [headers = '', json = ''] = part.split('\r\n\r\n');
      expect(headers).toContain('Content-Type: application/json');
      expect(headers).toContain(`Content-Length: ${Buffer.byteLength(json.trimEnd())}`);
      expect(JSON.parse(json)).toMatchObject({ n: i + 1 });
    });
  });
});
