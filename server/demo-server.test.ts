import { describe, expect, it } from 'vitest';
import { startDemoServer } from './demo-server';
import { connectClient } from './test-clients';

describe('startDemoServer', () => {
  it('listens on an ephemeral loopback port', async () => {
    const server = await startDemoServer();
    expect(server.port).toBeGreaterThan(0);
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.wsOrigin).toBe(`ws://127.0.0.1:${server.port}`);
    await server.close();
  });

  it('serves the demo page, its script, added pages, and 404 for the rest', async () => {
    const server = await startDemoServer();
    server.addPage('/fixtures/hello.html', '<!doctype html><title>fixture</title><p>hi</p>');

    const page = await fetch(`${server.origin}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    for (const id of ['ws-connect', 'ws-send-text', 'ws-send-json', 'ws-send-binary', 'ws-send-blob', 'ws-close', 'sse-start', 'sse-drop', 'sse-close', 'sio-connect', 'sio-connect-default', 'lab-link', 'fetch-start', 'sockjs-connect', 'mqtt-connect']) {
      expect(html).toContain(`id="${id}"`);
    }
    const script = await fetch(`${server.origin}/demo.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("'ws-connect': connect");

    const fixture = await fetch(`${server.origin}/fixtures/hello.html`);
    expect(fixture.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await fixture.text()).toBe('<!doctype html><title>fixture</title><p>hi</p>');

    const missing = await fetch(`${server.origin}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Not found');
    await server.close();
  });

  it('records every received message with its endpoint, connection, type and data', async () => {
    const server = await startDemoServer();
    const first = await connectClient(`${server.wsOrigin}/ws/echo`);
    const second = await connectClient(`${server.wsOrigin}/ws/room`);
    first.ws.send('one');
    await server.waitFor(() => server.received.length === 1);
    second.ws.send(Buffer.from([1, 2, 3]));
    await server.waitFor(() => server.received.length === 2);

    const [text, binary] = server.received;
    expect(text).toMatchObject({ path: '/ws/echo', data: 'one', binary: false, time: expect.any(Number) });
    expect(binary).toMatchObject({ path: '/ws/room', data: Buffer.from([1, 2, 3]), binary: true });
    expect(text?.connection).not.toBe(binary?.connection);
    await server.close();
  });

  it('close() resolves with WebSockets, SSE streams and a paced flood still open', async () => {
    const server = await startDemoServer();
    const clients = await Promise.all(
      ['/ws/echo', '/ws/ticks?interval=10', '/ws/flood?count=1000000&rate=100'].map((path) => connectClient(`${server.wsOrigin}${path}`)),
    );
    const stream = await fetch(`${server.origin}/sse/stream?interval=10`);
    const streamBody = stream.text();

    await server.close();

    for (const client of clients) await client.closed;
    // The stream ends rather than hangs.
    expect(await streamBody).toContain('retry: 2000');
  });

  it('stops listening once closed, and close() can be called again', async () => {
    const server = await startDemoServer();
    await server.close();
    await server.close();
    await expect(fetch(`${server.origin}/`)).rejects.toThrow();
  });

  it('waitFor resolves with the truthy value and rejects with the predicate on timeout', async () => {
    const server = await startDemoServer();
    expect(await server.waitFor(() => 42)).toBe(42);
    await expect(server.waitFor(() => server.received.length > 0, 30)).rejects.toThrow(/timed out after 30 ms.*received\.length > 0/);
    await server.close();
  });

  it('rejects a port that is taken', async () => {
    const server = await startDemoServer();
    await expect(startDemoServer({ port: server.port })).rejects.toThrow(/EADDRINUSE/);
    await server.close();
  });
});

