import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';
import { eventIds, parseEventStream, readHttpChunks } from './test-clients';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

const MiB = 1024 * 1024;

describe('bad-input streams', () => {
  it('/stream/endless keeps sending until the client goes away', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.origin}/stream/endless?interval=5`, { signal: controller.signal });
    const reader = response.body?.getReader();
    let text = '';
    while (eventIds(parseEventStream(text)).length < 20) text += new TextDecoder().decode((await reader?.read())?.value);
    controller.abort();
    expect(eventIds(parseEventStream(text)).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('/stream/huge writes one record of exactly `size` bytes as one chunk, then a small record', async () => {
    for (const type of ['ndjson', 'sse']) {
      const { head, chunks } = await readHttpChunks(server.origin, `/stream/huge?size=${3 * MiB}&type=${type}`);
      expect(head).toContain(type === 'sse' ? 'text/event-stream' : 'application/x-ndjson');
      const [huge, small] = chunks;
      expect(huge?.length).toBe(3 * MiB);
      const record = huge?.toString() ?? '';
      expect(record.endsWith(type === 'sse' ? '"}\n\n' : '"}\n')).toBe(true);
      expect(JSON.parse(type === 'sse' ? record.slice('data: '.length) : record)).toMatchObject({ n: 1 });
      expect(small?.toString()).toMatch(type === 'sse' ? /^id: 2\ndata: \{"n":2,.*\}\n\n$/ : /^\{"n":2,.*\}\n$/);
    }
    expect((await fetch(`${server.origin}/stream/huge?size=lots`)).status).toBe(400);
  });

  it('/stream/long-line sends `data: ` and `size` bytes without a newline, then ends', async () => {
    const body = Buffer.from(await (await fetch(`${server.origin}/stream/long-line?size=${2 * MiB + 5}`)).arrayBuffer());
    expect(body.length).toBe('data: '.length + 2 * MiB + 5);
    expect(body.subarray(0, 7).toString()).toBe('data: x');
    expect(body.includes('\n')).toBe(false);
  });

  it('/stream/invalid-utf8 sends invalid sequences, a character split across two writes, then a valid event', async () => {
    const { chunks } = await readHttpChunks(server.origin, '/stream/invalid-utf8');
    const body = Buffer.concat(chunks);
    expect(body.includes(Buffer.from([0xff, 0xfe]))).toBe(true);
    expect(body.includes(Buffer.from([0xed, 0xa0, 0x80]))).toBe(true);
    // The euro sign's first byte ends one write, its last two start the next.
    const splitAt = chunks.findIndex((chunk) => chunk.at(-1) === 0xe2);
    expect([...(chunks[splitAt + 1]?.subarray(0, 2) ?? [])]).toEqual([0x82, 0xac]);
    expect(new TextDecoder().decode(body)).toContain('data: split € sign');
    expect(body.toString().endsWith('id: 5\ndata: {"valid":true}\n\n')).toBe(true);
  });

  it('/stream/cut ends the response in the middle of the third event', async () => {
    const body = await (await fetch(`${server.origin}/stream/cut`)).text();
    expect(eventIds(parseEventStream(body))).toEqual([1, 2, 3]);
    expect(body.endsWith('"type":"upd')).toBe(true);
    expect(body.split('\n\n')).toHaveLength(3);
  });
});

describe('close()', () => {
  it('ends every open stream, held poll and token stream, and resolves', async () => {
    const own = await startDemoServer({ priceTickMs: 60_000 });
    const streams = ['/stream/endless', '/stream/sse?count=10000&interval=1000', '/stream/ndjson?count=10000&interval=1000', '/stream/multipart?count=100&interval=1000', '/sse/price', '/llm/openai?tokens=1000&interval=1000'];
    const responses = await Promise.all(streams.map((path) => fetch(`${own.origin}${path}`)));
    const bodies = responses.map((response) => response.text().catch(() => 'cut'));
    const held = fetch(`${own.origin}/longpoll/price?since=999999`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await own.close();
    expect((await Promise.all(bodies)).length).toBe(streams.length);
    expect((await held).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
