import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';
import { connectClient } from './test-clients';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

const texts = (client: Awaited<ReturnType<typeof connectClient>>) => client.messages.map((m) => m.data.toString());

describe('/sockjs', () => {
  it('answers /sockjs/info with websocket enabled', async () => {
    const info = (await (await fetch(`${server.origin}/sockjs/info`)).json()) as { websocket: boolean };
    expect(info.websocket).toBe(true);
  });

  it('echoes over the websocket transport, in SockJS framing', async () => {
    const client = await connectClient(`${server.wsOrigin}/sockjs/000/ws-session/websocket`);
    await server.waitFor(() => texts(client).includes('o'));
    client.ws.send(JSON.stringify(['hello', 'sockjs']));
    await server.waitFor(() => client.messages.length >= 3);
    expect(texts(client)).toEqual(['o', 'a["hello"]', 'a["sockjs"]']);
    client.ws.close();
  });

  it('echoes over xhr-polling, which the WebSocket router leaves alone', async () => {
    const base = `${server.origin}/sockjs/000/poll-session`;
    expect(await (await fetch(`${base}/xhr`, { method: 'POST' })).text()).toBe('o\n');
    expect((await fetch(`${base}/xhr_send`, { method: 'POST', body: '["ping"]' })).status).toBe(204);
    expect(await (await fetch(`${base}/xhr`, { method: 'POST' })).text()).toBe('a["ping"]\n');
  });

  it('serves the client bundle at /sockjs.min.js', async () => {
    const response = await fetch(`${server.origin}/sockjs.min.js`);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toContain('SockJS');
  });

  it('is closed by close()', async () => {
    const own = await startDemoServer();
    const client = await connectClient(`${own.wsOrigin}/sockjs/000/closing/websocket`);
    await own.close();
    await client.closed;
  });
});
