import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';
import { connectClient } from './test-clients';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

describe('/mqtt', () => {
  it('lets MQTT.js connect over WebSocket, subscribe, and receive what another client publishes', async () => {
    const options = { protocolVersion: 4 as const, reconnectPeriod: 0 };
    const [subscriber, publisher] = await Promise.all([
      mqtt.connectAsync(`${server.wsOrigin}/mqtt`, options),
      mqtt.connectAsync(`${server.wsOrigin}/mqtt`, options),
    ]);
    const received = new Promise<[string, string]>((resolve) => subscriber.once('message', (topic, payload) => resolve([topic, payload.toString()])));
    expect(await subscriber.subscribeAsync('demo/prices', { qos: 1 })).toEqual([{ topic: 'demo/prices', qos: 1 }]);
    await publisher.publishAsync('demo/prices', 'ACME 123.45', { qos: 1 });

    expect(await received).toEqual(['demo/prices', 'ACME 123.45']);
    await Promise.all([subscriber.endAsync(), publisher.endAsync()]);
  });

  it('selects the mqtt sub-protocol and writes each packet in several WebSocket frames', async () => {
    const client = await connectClient(`${server.wsOrigin}/mqtt`, ['mqtt']);
    expect(client.ws.protocol).toBe('mqtt');
    // CONNECT, MQTT 3.1.1, clean session, keep-alive 60 s, client id "t".
    client.ws.send(Buffer.from([0x10, 13, 0, 4, ...Buffer.from('MQTT'), 4, 0x02, 0, 60, 0, 1, 0x74]));
    await server.waitFor(() => Buffer.concat(client.messages.map((m) => m.data)).length === 4);

    // The CONNACK (20 02 00 00) arrives in pieces, not as one frame.
    expect(Buffer.concat(client.messages.map((m) => m.data))).toEqual(Buffer.from([0x20, 2, 0, 0]));
    expect(client.messages.length).toBeGreaterThan(1);
    expect(client.messages.every((m) => m.binary)).toBe(true);

    // PUBLISH at QoS 1, packet id 7, to "t": the PUBACK (40 02 00 07) comes in pieces too.
    const connackFrames = client.messages.length;
    client.ws.send(Buffer.from([0x32, 6, 0, 1, 0x74, 0, 7, 0x21]));
    await server.waitFor(() => Buffer.concat(client.messages.slice(connackFrames).map((m) => m.data)).length === 4);
    const puback = client.messages.slice(connackFrames);
    expect(Buffer.concat(puback.map((m) => m.data))).toEqual(Buffer.from([0x40, 2, 0, 7]));
    expect(puback.length).toBeGreaterThan(1);
    client.ws.close();
  });

  it('is disconnected by close()', async () => {
    const own = await startDemoServer();
    const client = await mqtt.connectAsync(`${own.wsOrigin}/mqtt`, { reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => client.once('close', resolve));
    await own.close();
    await closed;
    await client.endAsync(true);
  });
});

describe('/mqtt.min.js', () => {
  it("serves MQTT.js's browser bundle", async () => {
    const response = await fetch(`${server.origin}/mqtt.min.js`);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await response.text()).length).toBeGreaterThan(100_000);
  });
});
