import { generate, type Packet } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../shared/protocol';
import { binaryFrame, decoded, single } from './frames.fixture';
import { createDecoder } from './registry';
import type { DecoderFrame } from './types';

/** One WebSocket frame holding the packets as mqtt-packet writes them. */
function mqttFrame(dir: Direction, packets: Packet[], options?: { protocolVersion: 4 | 5 }): DecoderFrame {
  return binaryFrame(dir, Buffer.concat(packets.map((p) => generate(p, options))));
}

describe('MQTT decoder', () => {
  it('decodes an MQTT 3.1.1 session and pairs packets by id', () => {
    const decoder = createDecoder('mqtt');
    const connect = single(
      decoder.decode(mqttFrame('out', [{ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'client-1', clean: true, keepalive: 60, username: 'u', password: Buffer.from('secret') }])),
    );
    expect(connect).toMatchObject({ kind: 'CONNECT', name: 'client-1', correlation: { key: 'out:connect', role: 'request' } });
    expect(connect.summary).toBe('CONNECT client-1 v3.1.1 keepalive 60');
    expect(JSON.stringify(connect.payload)).not.toContain('secret');
    expect(single(decoder.decode(mqttFrame('in', [{ cmd: 'connack', returnCode: 0, sessionPresent: false }])))).toMatchObject({
      summary: 'CONNACK accepted',
      correlation: { key: 'out:connect', role: 'response' },
    });

    const publish = single(decoder.decode(mqttFrame('out', [{ cmd: 'publish', topic: 'sensors/1', payload: '{"t":21}', qos: 1, messageId: 7, retain: true, dup: false }])));
    expect(publish).toMatchObject({ kind: 'PUBLISH', name: 'sensors/1', channel: 'sensors/1', id: '7', correlation: { key: 'out:packet:7', role: 'request' } });
    expect(publish.summary).toBe('PUBLISH sensors/1 qos1 #7 retain 8 bytes');
    expect(publish.payload).toMatchObject({ payload: '{"t":21}', qos: 1, retain: true });
    expect(single(decoder.decode(mqttFrame('in', [{ cmd: 'puback', messageId: 7 }])))).toMatchObject({
      kind: 'PUBACK',
      correlation: { key: 'out:packet:7', role: 'response' },
    });

    const subscribe = single(decoder.decode(mqttFrame('out', [{ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: 'a/#', qos: 1 }, { topic: 'b/+', qos: 0 }] }])));
    expect(subscribe.summary).toBe('SUBSCRIBE a/#, b/+ #2');
    expect(single(decoder.decode(mqttFrame('in', [{ cmd: 'suback', messageId: 2, granted: [1, 0] }]))).summary).toBe('SUBACK #2 codes 1, 0');
  });

  it('reads several packets in one frame, binary payloads as hex, and QoS 2 flows', () => {
    const decoder = createDecoder('mqtt');
    const messages = decoded(
      decoder.decode(
        mqttFrame('in', [
          { cmd: 'pingresp' },
          { cmd: 'publish', topic: 'bin', payload: Buffer.from([0xff, 0x00]), qos: 2, messageId: 9, retain: false, dup: false },
          { cmd: 'pubrel', messageId: 9 },
        ]),
      ),
    );
    expect(messages.map((m) => m.kind)).toEqual(['PINGRESP', 'PUBLISH', 'PUBREL']);
    expect(messages[1]?.payload).toMatchObject({ payload: 'ff 00' });
    expect(messages[2]?.correlation).toEqual({ key: 'in:release:9', role: 'request' });
    expect(single(decoder.decode(mqttFrame('out', [{ cmd: 'pubcomp', messageId: 9 }]))).correlation).toEqual({ key: 'in:release:9', role: 'response' });
  });

  it('marks PINGREQ and PINGRESP as heartbeats, and nothing else', () => {
    const decoder = createDecoder('mqtt');
    expect(single(decoder.decode(mqttFrame('out', [{ cmd: 'pingreq' }]))).heartbeat).toBe(true);
    expect(single(decoder.decode(mqttFrame('in', [{ cmd: 'pingresp' }]))).heartbeat).toBe(true);
    const mixed = decoded(decoder.decode(mqttFrame('in', [{ cmd: 'pingresp' }, { cmd: 'publish', topic: 'ping', payload: 'x', qos: 0, retain: false, dup: false }])));
    expect(mixed.map((m) => m.heartbeat)).toEqual([true, undefined]);
  });

  it('decodes MQTT 5 properties, reason codes and topic aliases', () => {
    const decoder = createDecoder('mqtt');
    const v5 = { protocolVersion: 5 as const };
    const connect = single(
      decoder.decode(
        mqttFrame('out', [{ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'c5', clean: true, keepalive: 30, properties: { sessionExpiryInterval: 120, userProperties: { app: 'demo' } } }], v5),
      ),
    );
    expect(connect.summary).toBe('CONNECT c5 v5 keepalive 30');
    expect(connect.payload).toMatchObject({ properties: { sessionExpiryInterval: 120, userProperties: [['app', 'demo']] } });
    const aliased = [
      { cmd: 'publish', topic: 'long/topic/name', payload: 'one', qos: 0, retain: false, dup: false, properties: { topicAlias: 3, contentType: 'text/plain' } },
      { cmd: 'publish', topic: '', payload: 'two', qos: 0, retain: false, dup: false, properties: { topicAlias: 3 } },
    ] satisfies Packet[];
    const [first, second] = decoded(decoder.decode(mqttFrame('out', aliased, v5)));
    expect(first?.payload).toMatchObject({ properties: { topicAlias: 3, contentType: 'text/plain' } });
    expect(second?.name).toBe('long/topic/name');
    const puback = single(decoder.decode(mqttFrame('in', [{ cmd: 'puback', messageId: 4, reasonCode: 16, properties: { reasonString: 'no subscribers' } }], v5)));
    expect(puback.summary).toBe('PUBACK #4 reason 16');
    expect(puback.payload).toMatchObject({ properties: { reasonString: 'no subscribers' } });
    expect(single(decoder.decode(mqttFrame('in', [{ cmd: 'disconnect', reasonCode: 142 }], v5))).summary).toBe('DISCONNECT reason 142');
  });

  it('reports what cannot be framed, and text frames', () => {
    const decoder = createDecoder('mqtt');
    expect(decoder.decode(binaryFrame('out', new Uint8Array([0x00, 0x00])))).toEqual({ ok: false, note: 'reserved MQTT packet type 0' });
    expect(decoder.decode(binaryFrame('out', new Uint8Array([0x30, 0x03, 0x00, 0x09, 0x61])))).toEqual({ ok: false, note: 'malformed PUBLISH' });
    expect(decoder.decode(binaryFrame('out', new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff])))).toEqual({ ok: false, note: 'PUBLISH with a malformed length' });
    expect(decoder.decode({ dir: 'out', opcode: 'text', data: 'hello' })).toEqual({ ok: false, note: 'MQTT over WebSocket is binary' });
  });
});
