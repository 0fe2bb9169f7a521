import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';
import { connectClient, upgradeRefusal, type ClientMessage } from './test-clients';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

const texts = (messages: ClientMessage[]) => messages.filter((m) => !m.binary).map((m) => m.data.toString());

describe('/ws/echo', () => {
  it('echoes text as text and binary as binary', async () => {
    const client = await connectClient(`${server.wsOrigin}/ws/echo`);
    client.ws.send('héllo');
    client.ws.send(Buffer.from([0, 1, 2, 255]));
    await server.waitFor(() => client.messages.length === 2);

    expect(client.messages[0]).toEqual({ data: Buffer.from('héllo'), binary: false });
    expect(client.messages[1]).toEqual({ data: Buffer.from([0, 1, 2, 255]), binary: true });
    client.ws.close();
  });

  it('selects the first requested sub-protocol and offers permessage-deflate', async () => {
    const client = await connectClient(`${server.wsOrigin}/ws/echo`, ['chat', 'json']);
    expect(client.ws.protocol).toBe('chat');
    expect(client.ws.extensions).toContain('permessage-deflate');

    // Below, inside and above the range the server compresses.
    const payloads = [100, 4096, 2 * 1024 * 1024].map((size) => 'a'.repeat(size));
    for (const payload of payloads) client.ws.send(payload);
    await server.waitFor(() => client.messages.length === payloads.length);
    expect(texts(client.messages)).toEqual(payloads);
    client.ws.close();
  });

  it('closes with the code and reason of a close:<code>:<reason> message', async () => {
    const client = await connectClient(`${server.wsOrigin}/ws/echo`);
    client.ws.send('close:4001:server says: bye');
    expect(await client.closed).toEqual({ code: 4001, reason: 'server says: bye' });
  });

  it('answers an unsendable close code with an error message and stays open', async () => {
    const client = await connectClient(`${server.wsOrigin}/ws/echo`);
    client.ws.send('close:1005:reserved');
    await server.waitFor(() => client.messages.length === 1);
    expect(JSON.parse(texts(client.messages)[0] ?? '')).toMatchObject({ type: 'error' });
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    client.ws.close();
  });
});

describe('/ws/room', () => {
  it('broadcasts to every member, the sender included, and to no other room', async () => {
    const url = `${server.wsOrigin}/ws/room?room=broadcast-test`;
    const [alice, bob, elsewhere] = await Promise.all([
      connectClient(url),
      connectClient(url),
      connectClient(`${server.wsOrigin}/ws/room?room=other`),
    ]);
    alice.ws.send('hi all');
    bob.ws.send(Buffer.from([7, 8, 9]));
    await server.waitFor(() => alice.messages.length === 2 && bob.messages.length === 2);

    for (const member of [alice, bob]) {
      expect(member.messages).toContainEqual({ data: Buffer.from('hi all'), binary: false });
      expect(member.messages).toContainEqual({ data: Buffer.from([7, 8, 9]), binary: true });
    }
    // The room's messages arrived, so a leak to the other room would have arrived before the close.
    elsewhere.ws.close();
    await elsewhere.closed;
    expect(elsewhere.messages).toEqual([]);
    for (const member of [alice, bob]) member.ws.close();
  });
});

describe('/ws/ticks', () => {
  it('pushes numbered JSON ticks up to count', async () => {
    const client = await connectClient(`${server.wsOrigin}/ws/ticks?interval=10&count=3`);
    await server.waitFor(() => client.messages.length === 3);
    const ticks = texts(client.messages).map((text) => JSON.parse(text));
    expect(ticks.map((tick) => tick.n)).toEqual([1, 2, 3]);
    for (const tick of ticks) {
      expect(tick).toMatchObject({ type: 'tick', symbol: 'ACME', price: expect.any(Number), time: expect.any(Number) });
    }
    client.ws.close();
  });
});

describe('/ws/close', () => {
  it('closes with the requested code and reason', async () => {
    const client = await connectClient(`${server.wsOrigin}/ws/close?code=4000&reason=${encodeURIComponent('done here')}&after=0`);
    expect(await client.closed).toEqual({ code: 4000, reason: 'done here' });
  });

  it('refuses an unsendable close code before the upgrade', async () => {
    expect(await upgradeRefusal(`${server.wsOrigin}/ws/close?code=1006`)).toBe(400);
  });
});

describe('client closes', () => {
  it('records the code and reason a client closed with', async () => {
    const client = await connectClient(`${server.wsOrigin}/ws/echo`);
    client.ws.close(4321, 'client says bye');
    const close = await server.waitFor(() => server.closes.find((c) => c.code === 4321));
    expect(close).toMatchObject({ path: '/ws/echo', reason: 'client says bye', connection: expect.any(Number) });
  });
});

describe('/ws/flood', () => {
  it('sends count text messages of size bytes in order, then flood-end', async () => {
    const client = await connectClient(`${server.wsOrigin}/ws/flood?count=3000&size=100`);
    await server.waitFor(() => client.messages.length === 3001);
    const [end, ...reversedFlood] = texts(client.messages).reverse();
    const flood = reversedFlood.reverse();

    expect(JSON.parse(end ?? '')).toEqual({ type: 'flood-end', count: 3000 });
    expect(flood.every((message) => message.length === 100)).toBe(true);
    expect(flood.map((message) => Number(message.split('|')[0]))).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    expect(flood[0]).toBe(`000001|${'x'.repeat(93)}`);
    client.ws.close();
  });

  it('cuts the counter when size is smaller than it', async () => {
    const client = await connectClient(`${server.wsOrigin}/ws/flood?count=2&size=3`);
    await server.waitFor(() => client.messages.length === 3);
    expect(texts(client.messages).slice(0, 2)).toEqual(['000', '000']);
    client.ws.close();
  });

  it('sends binary messages numbered by a big-endian uint32', async () => {
    const client = await connectClient(`${server.wsOrigin}/ws/flood?count=20&size=300&binary=1&rate=2000`);
    await server.waitFor(() => client.messages.length === 21);
    const flood = client.messages.slice(0, 20);

    expect(flood.every((message) => message.binary && message.data.length === 300)).toBe(true);
    expect(flood.map((message) => message.data.readUInt32BE(0))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect([...(flood[0]?.data.subarray(4, 8) ?? [])]).toEqual([4, 5, 6, 7]);
    expect(flood[0]?.data[299]).toBe(299 & 0xff);
    expect(client.messages[20]).toMatchObject({ binary: false });
    client.ws.close();
  });

  it('sends a single 16 MiB frame', async () => {
    const size = 16 * 1024 * 1024;
    const client = await connectClient(`${server.wsOrigin}/ws/flood?count=1&size=${size}`);
    await server.waitFor(() => client.messages.length === 2, 30_000);
    const [frame, end] = client.messages;

    expect(frame?.binary).toBe(false);
    expect(frame?.data.length).toBe(size);
    expect(frame?.data.subarray(0, 8).toString()).toBe('000001|x');
    expect(JSON.parse(end?.data.toString() ?? '')).toEqual({ type: 'flood-end', count: 1 });
    client.ws.close();
  }, 60_000);
});

describe('/ws/invalid-utf8', () => {
  it('sends invalid UTF-8 as binary frames, then one valid text frame', async () => {
    const client = await connectClient(`${server.wsOrigin}/ws/invalid-utf8`);
    await server.waitFor(() => client.messages.length === 5);

    const binaries = client.messages.filter((message) => message.binary).map((message) => message.data);
    expect(binaries).toHaveLength(4);
    expect(binaries[0]).toEqual(Buffer.from([0xc3, 0x28]));
    expect(texts(client.messages)).toEqual(['valid UTF-8: héllo wörld ✓ 😀']);
    client.ws.close();
  });
});

describe('routing', () => {
  it('refuses upgrades to unknown paths with 404', async () => {
    expect(await upgradeRefusal(`${server.wsOrigin}/ws/nope`)).toBe(404);
  });
});
