import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';
import { eventIds, field, parseEventStream } from './test-clients';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

/** A finite stream, read to its end. */
async function readStream(path: string, lastEventId?: number) {
  const response = await fetch(`${server.origin}${path}`, {
    headers: lastEventId === undefined ? {} : { 'Last-Event-ID': String(lastEventId) },
  });
  return { response, blocks: parseEventStream(await response.text()) };
}

describe('/sse/stream', () => {
  it('sends retry, ids, unnamed and named events, multi-line data and keep-alive comments', async () => {
    const { response, blocks } = await readStream('/sse/stream?count=8&interval=10');

    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(blocks[0]).toEqual([['retry', '2000']]);
    expect(eventIds(blocks)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const events = blocks.filter((block) => field(block, 'id') !== undefined);
    expect(events.map((block) => field(block, 'event') ?? 'message')).toEqual([
      'message', 'price', 'news', 'message', 'message', 'price', 'news', 'message',
    ]);
    expect(JSON.parse(field(events[1] ?? [], 'data') ?? '')).toMatchObject({ symbol: 'ACME', price: expect.any(Number) });
    const multiLine = events[3] ?? [];
    expect(multiLine.filter(([key]) => key === 'data')).toEqual([
      ['data', 'multi-line event 4'],
      ['data', 'second line of event 4'],
    ]);
    expect(blocks).toContainEqual([['', 'keep-alive']]);
  });

  it('continues after Last-Event-ID', async () => {
    const { blocks } = await readStream('/sse/stream?count=2&interval=10', 41);
    expect(eventIds(blocks)).toEqual([42, 43]);
  });
});

describe('/sse/drop', () => {
  it('ends after `after` events, resumes after Last-Event-ID, and answers 204 after three reconnections', async () => {
    const first = await readStream('/sse/drop');
    expect(first.blocks[0]).toEqual([['retry', '500']]);
    expect(eventIds(first.blocks)).toEqual([1, 2, 3]);

    expect(eventIds((await readStream('/sse/drop', 3)).blocks)).toEqual([4, 5, 6]);
    expect(eventIds((await readStream('/sse/drop', 9)).blocks)).toEqual([10, 11, 12]);
    expect((await readStream('/sse/drop', 12)).response.status).toBe(204);
  });

  it('takes the number of events per connection from `after`', async () => {
    expect(eventIds((await readStream('/sse/drop?after=2', 2)).blocks)).toEqual([3, 4]);
  });
});
