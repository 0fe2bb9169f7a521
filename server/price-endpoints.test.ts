import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';
import type { PriceTick } from './price-feed';
import { connectClient } from './test-clients';

const TICK_MS = 100;

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ priceTickMs: TICK_MS });
});
afterAll(() => server.close());

const getTick = async (path: string): Promise<{ status: number; tick?: PriceTick; cacheControl: string | null }> => {
  const response = await fetch(`${server.origin}${path}`);
  const text = await response.text();
  return { status: response.status, cacheControl: response.headers.get('cache-control'), ...(text && { tick: JSON.parse(text) as PriceTick }) };
};

describe('/poll/price', () => {
  it('answers the latest tick of the one shared feed, uncached, whatever `t` is', async () => {
    const first = await getTick('/poll/price?t=1');
    expect(first.cacheControl).toBe('no-store');
    expect(first.tick).toEqual({ symbol: 'ACME', price: expect.any(Number), n: expect.any(Number), time: expect.any(Number) });
    await new Promise((resolve) => setTimeout(resolve, TICK_MS * 2.5));
    const later = await getTick('/poll/price?t=anything');
    expect(later.tick?.n).toBeGreaterThanOrEqual((first.tick?.n ?? 0) + 2);
  });
});

describe('/longpoll/price', () => {
  it('answers at once when the feed is past `since`', async () => {
    const { tick } = await getTick('/longpoll/price?since=0');
    expect(tick?.n).toBeGreaterThan(0);
  });

  it('holds the request until the next tick', async () => {
    const latest = (await getTick('/poll/price')).tick?.n ?? 0;
    const started = Date.now();
    const { status, tick } = await getTick(`/longpoll/price?since=${latest}`);
    expect(status).toBe(200);
    expect(tick?.n).toBe(latest + 1);
    expect(Date.now() - started).toBeLessThanOrEqual(TICK_MS * 2);
  });

  it('answers 204 after `timeout` ms without a tick, and 400 to a nonsense `since`', async () => {
    const slow = await startDemoServer({ priceTickMs: 60_000 });
    const started = Date.now();
    const response = await fetch(`${slow.origin}/longpoll/price?since=1&timeout=150`);
    expect(response.status).toBe(204);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await fetch(`${slow.origin}/longpoll/price?since=soon`)).status).toBe(400);
    await slow.close();
  });

  it('ends a held request with 503 when the server closes', async () => {
    const own = await startDemoServer();
    const held = fetch(`${own.origin}/longpoll/price?since=999999`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await own.close();
    expect((await held).status).toBe(503);
  });
});

describe('/sse/price and /ws/price', () => {
  it('push the latest tick at once and then every tick of the same feed', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.origin}/sse/price`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const ws = await connectClient(`${server.wsOrigin}/ws/price`);

    const reader = response.body?.getReader();
    let text = '';
    while ((text.match(/^data: /gm) ?? []).length < 3) text += new TextDecoder().decode((await reader?.read())?.value);
    controller.abort();
    const sseTicks = [...text.matchAll(/^id: (\d+)\ndata: (.*)$/gm)].map(([, id, data]) => [Number(id), JSON.parse(data ?? '') as PriceTick] as const);
    expect(text.startsWith('retry: 1000\n\n')).toBe(true);
    for (const [id, tick] of sseTicks) expect(tick.n).toBe(id);
    expect(sseTicks[1]?.[1].n).toBe((sseTicks[0]?.[1].n ?? 0) + 1);

    await server.waitFor(() => ws.messages.length >= 2);
    const wsTicks = ws.messages.map((m) => JSON.parse(m.data.toString()) as PriceTick);
    expect(wsTicks[1]?.n).toBe((wsTicks[0]?.n ?? 0) + 1);
    expect(wsTicks[0]).toMatchObject({ symbol: 'ACME', price: expect.any(Number), time: expect.any(Number) });
    ws.ws.close();
  });
});
