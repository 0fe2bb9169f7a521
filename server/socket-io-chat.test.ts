import { io as connectSocketIo, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';
import type { ChatMessage } from './socket-io-chat';
import { connectClient } from './test-clients';

let server: DemoServer;
const clients: Socket[] = [];

beforeAll(async () => {
  server = await startDemoServer();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});
afterAll(() => server.close());

/** A real socket.io-client on the /chat namespace, over WebSocket only, with every event it receives. */
async function chatClient(): Promise<{ socket: Socket; events: [string, unknown][] }> {
  const socket = connectSocketIo(`${server.origin}/chat`, { transports: ['websocket'], reconnection: false });
  clients.push(socket);
  const events: [string, unknown][] = [];
  socket.onAny((event: string, payload: unknown) => events.push([event, payload]));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, events };
}

describe('Socket.IO /chat namespace', () => {
  it('joins rooms and broadcasts a message to its room only, acking with an id and a server time', async () => {
    const [alice, bob, carol] = await Promise.all([chatClient(), chatClient(), chatClient()]);
    expect(await alice.socket.emitWithAck('room:join', 'kitchen')).toEqual({ room: 'kitchen', members: 1 });
    expect(await bob.socket.emitWithAck('room:join', 'kitchen')).toEqual({ room: 'kitchen', members: 2 });
    await carol.socket.emitWithAck('room:join', 'garden');
    await server.waitFor(() => alice.events.length === 2);
    expect(alice.events).toEqual([
      ['room:joined', { room: 'kitchen', member: alice.socket.id }],
      ['room:joined', { room: 'kitchen', member: bob.socket.id }],
    ]);

    const before = Date.now();
    const ack = (await alice.socket.emitWithAck('chat:message', { room: 'kitchen', text: 'tea?' })) as { id: number; time: number };
    expect(ack.id).toBeGreaterThan(0);
    expect(ack.time).toBeGreaterThanOrEqual(before);

    const expected: ChatMessage = { id: ack.id, room: 'kitchen', text: 'tea?', from: alice.socket.id ?? '', time: ack.time };
    await server.waitFor(() => bob.events.some(([name]) => name === 'chat:message'));
    await server.waitFor(() => alice.events.some(([name]) => name === 'chat:message'));
    expect(bob.events.find(([name]) => name === 'chat:message')).toEqual(['chat:message', expected]);
    expect(alice.events.find(([name]) => name === 'chat:message')).toEqual(['chat:message', expected]);
    expect(carol.events.filter(([name]) => name !== 'room:joined')).toEqual([]);
  });

  it('leaves a room: the rest of the room hears it, and later messages no longer reach the leaver', async () => {
    const [alice, bob] = await Promise.all([chatClient(), chatClient()]);
    await alice.socket.emitWithAck('room:join', 'hall');
    await bob.socket.emitWithAck('room:join', 'hall');
    expect(await bob.socket.emitWithAck('room:leave', 'hall')).toEqual({ room: 'hall', members: 1 });
    await server.waitFor(() => alice.events.some(([name]) => name === 'room:left'));
    expect(alice.events.at(-1)).toEqual(['room:left', { room: 'hall', member: bob.socket.id }]);

    const ack = (await alice.socket.emitWithAck('chat:message', { room: 'hall', text: 'anyone?' })) as { id: number };
    await server.waitFor(() => alice.events.some(([name, payload]) => name === 'chat:message' && (payload as ChatMessage).id === ack.id));
    expect(bob.events.some(([name]) => name === 'chat:message')).toBe(false);
  });

  it('connects with the default transports: polling first, then the upgrade to WebSocket', async () => {
    const socket = connectSocketIo(`${server.origin}/chat`, { reconnection: false });
    clients.push(socket);
    const transports = new Promise<string[]>((resolve) => {
      socket.io.once('open', () => {
        const first = socket.io.engine.transport.name;
        socket.io.engine.once('upgrade', (upgraded: { name: string }) => resolve([first, upgraded.name]));
      });
    });
    expect(await transports).toEqual(['polling', 'websocket']);
    expect(await socket.emitWithAck('room:join', 'porch')).toEqual({ room: 'porch', members: 1 });
  });

  it('answers malformed requests with an error ack', async () => {
    const { socket } = await chatClient();
    expect(await socket.emitWithAck('room:join', '')).toMatchObject({ error: expect.any(String) });
    expect(await socket.emitWithAck('chat:message', { room: 'x', text: 42 })).toMatchObject({ error: expect.any(String) });
    expect(await socket.emitWithAck('chat:message', 'not an object')).toMatchObject({ error: expect.any(String) });
  });

  it('shares the HTTP server with the plain WebSocket endpoints and serves the client script', async () => {
    const echo = await connectClient(`${server.wsOrigin}/ws/echo`);
    echo.ws.send('still here');
    await server.waitFor(() => echo.messages.length === 1);
    echo.ws.close();
    const script = await fetch(`${server.origin}/socket.io/socket.io.min.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('Socket.IO');
  });

  it('pings every 25 s by default, and as often as a test asks', async () => {
    const engineFrames = async (origin: string, count: number): Promise<string[]> => {
      const client = await connectClient(`${origin}/socket.io/?EIO=4&transport=websocket`);
      // The server pings again only once the last ping was answered.
      client.ws.on('message', (data) => data.toString() === '2' && client.ws.send('3'));
      await server.waitFor(() => client.messages.length >= count, 5_000);
      client.ws.close();
      return client.messages.map((m) => m.data.toString());
    };
    const [open] = await engineFrames(server.wsOrigin, 1);
    expect(JSON.parse(open!.slice(1))).toMatchObject({ pingInterval: 25_000 });

    const quick = await startDemoServer({ socketIo: { pingInterval: 50 } });
    try {
      const frames = await engineFrames(quick.wsOrigin, 3);
      expect(JSON.parse(frames[0]!.slice(1))).toMatchObject({ pingInterval: 50 });
      expect(frames.slice(1, 3)).toEqual(['2', '2']);
    } finally {
      await quick.close();
    }
  });
});
