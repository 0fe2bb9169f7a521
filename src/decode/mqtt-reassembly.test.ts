import { generate, type Packet } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../shared/protocol';
import { binaryFrame } from './frames.fixture';
import { createDecoder } from './registry';
import { MAX_DECODE_CHARS } from './result';
import type { Decoded, DecodeResult, FrameDecoder } from './types';

const CONNECT: Packet = { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'split-client', clean: true, keepalive: 60 };

/** What the client writes in a session that subscribes and publishes at QoS 1 and 2. */
const CLIENT: Packet[] = [
  CONNECT,
  { cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'demo/#', qos: 2 }] },
  { cmd: 'publish', topic: 'demo/q1', payload: 'one', qos: 1, messageId: 2, retain: false, dup: false },
  { cmd: 'publish', topic: 'demo/q2', payload: 'two'.repeat(50), qos: 2, messageId: 3, retain: false, dup: false },
  { cmd: 'pubrel', messageId: 3 },
  { cmd: 'pingreq' },
];

/** And what the broker answers. */
const BROKER: Packet[] = [
  { cmd: 'connack', returnCode: 0, sessionPresent: false },
  { cmd: 'suback', messageId: 1, granted: [2] },
  { cmd: 'puback', messageId: 2 },
  { cmd: 'pubrec', messageId: 3 },
  { cmd: 'pubcomp', messageId: 3 },
  { cmd: 'publish', topic: 'demo/q1', payload: 'one', qos: 0, retain: false, dup: false },
  { cmd: 'pingresp' },
];

const bytesOf = (packets: Packet[]): Buffer => Buffer.concat(packets.map((p) => generate(p)));

/** Decodes `bytes` cut into frames at `cuts`, returning every message and the frames' seqs. */
function decodeCut(decoder: FrameDecoder, dir: Direction, bytes: Uint8Array, cuts: number[]): { messages: Decoded[]; results: DecodeResult[]; seqs: number[] } {
  const bounds = [0, ...cuts, bytes.length];
  const results: DecodeResult[] = [];
  const seqs: number[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const frame = binaryFrame(dir, bytes.subarray(bounds[i], bounds[i + 1]));
    seqs.push(frame.seq ?? -1);
    results.push(decoder.decode(frame));
  }
  return { messages: results.flatMap((r) => (r.ok ? r.messages : [])), results, seqs };
}

const summaries = (messages: Decoded[]): string[] => messages.map((m) => m.summary);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('MQTT reassembly', () => {
  for (const [dir, packets] of [['out', CLIENT], ['in', BROKER]] as const) {
    const stream = bytesOf(packets);
    const whole = summaries(decodeCut(createDecoder('mqtt'), dir, stream, []).messages);

    it(`decodes the ${dir === 'out' ? 'client' : 'broker'}'s packets alike whichever byte a frame ends at`, () => {
      expect(whole).toHaveLength(packets.length);
      for (let cut = 1; cut < stream.length; cut++) {
        const { messages, results, seqs } = decodeCut(createDecoder('mqtt'), dir, stream, [cut]);
        expect(summaries(messages)).toEqual(whole);
        // The packet the cut falls in comes from both frames; the first frame says it holds its start.
        const spanning = messages.filter((m) => m.frames);
        expect(spanning.map((m) => m.frames)).toEqual(spanning.length ? [seqs] : []);
        if (spanning.length) expect(results[0]).toMatchObject({ ok: true, fragment: { kind: spanning[0]?.kind, starts: true } });
      }
    });

    it(`decodes the ${dir === 'out' ? 'client' : 'broker'}'s packets written a byte a frame`, () => {
      const { messages, results } = decodeCut(createDecoder('mqtt'), dir, stream, range(stream.length).slice(1));
      expect(summaries(messages)).toEqual(whole);
      expect(results.every((r) => r.ok && !r.note)).toBe(true);
      const publish = messages.find((m) => m.kind === 'PUBLISH');
      expect(publish?.frames).toHaveLength(generate(packets.find((p) => p.cmd === 'publish')!).length);
    });
  }

  it('pairs requests and responses reassembled the way aedes writes them: header, length and body as frames of their own', () => {
    const decoder = createDecoder('mqtt');
    const correlations: string[] = [];
    // Each packet in three pieces, client and broker taking turns.
    const pieces = (p: Packet): Buffer[] => {
      const b = generate(p);
      return [b.subarray(0, 1), b.subarray(1, 2), b.subarray(2)].filter((x) => x.length > 0);
    };
    for (let i = 0; i < BROKER.length; i++) {
      for (const [dir, packet] of [['out', CLIENT[i]], ['in', BROKER[i]]] as const) {
        if (!packet) continue;
        for (const piece of pieces(packet)) {
          const result = decoder.decode(binaryFrame(dir, piece));
          expect(result.ok).toBe(true);
          if (result.ok) for (const m of result.messages) if (m.correlation) correlations.push(`${m.kind} ${m.correlation.role} ${m.correlation.key}`);
        }
      }
    }
    expect(correlations).toEqual([
      'CONNECT request out:connect',
      'CONNACK response out:connect',
      'SUBSCRIBE request out:packet:1',
      'SUBACK response out:packet:1',
      'PUBLISH request out:packet:2',
      'PUBACK response out:packet:2',
      'PUBLISH request out:packet:3',
      'PUBREC response out:packet:3',
      'PUBREL request out:release:3',
      'PUBCOMP response out:release:3',
      'PINGREQ request out:ping',
      'PINGRESP response out:ping',
    ]);
  });

  it('keeps the two directions apart', () => {
    const decoder = createDecoder('mqtt');
    const connect = generate(CONNECT);
    const connack = generate(BROKER[0]!);
    expect(decoder.decode(binaryFrame('out', connect.subarray(0, 5)))).toMatchObject({ ok: true, messages: [], fragment: { kind: 'CONNECT' } });
    expect(decoder.decode(binaryFrame('in', connack))).toMatchObject({ ok: true, messages: [{ kind: 'CONNACK' }] });
    expect(decoder.decode(binaryFrame('out', connect.subarray(5)))).toMatchObject({ ok: true, messages: [{ kind: 'CONNECT', name: 'split-client' }] });
  });

  it('skips a packet whose length is over the limit without buffering it, and decodes the next', () => {
    const decoder = createDecoder('mqtt');
    // A PUBLISH of 2 MiB claimed, then its bytes in 64 KiB frames, then a PINGRESP.
    const length = 2 * 1024 * 1024;
    const head = new Uint8Array([0x30, 0x80, 0x80, 0x80, 0x01]);
    const first = decoder.decode(binaryFrame('in', head));
    expect(first).toMatchObject({ ok: true, messages: [], fragment: { kind: 'PUBLISH', skipped: true }, note: expect.stringContaining('over the 1048576-byte reassembly limit') });
    const chunk = new Uint8Array(64 * 1024);
    for (let sent = chunk.length; sent < length; sent += chunk.length) {
      expect(decoder.decode(binaryFrame('in', chunk))).toMatchObject({ ok: true, messages: [], fragment: { skipped: true } });
    }
    expect(decoder.decode(binaryFrame('in', chunk))).toEqual({ ok: false, note: 'end of the skipped PUBLISH of 2097157 bytes' });
    expect(decoder.decode(binaryFrame('in', generate({ cmd: 'pingresp' })))).toMatchObject({ ok: true, messages: [{ kind: 'PINGRESP' }] });
  });

  it('holds no more than the limit for the longest length MQTT allows', () => {
    const decoder = createDecoder('mqtt');
    const result = decoder.decode(binaryFrame('in', new Uint8Array([0x30, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3])));
    expect(result).toMatchObject({ ok: true, fragment: { skipped: true, length: 268_435_460 }, note: 'PUBLISH of 268435460 bytes is over the 1048576-byte reassembly limit: skipped' });
  });

  it('forgets a packet in progress when bytes of the stream are lost', () => {
    const publish = generate({ cmd: 'publish', topic: 't', payload: 'abc', qos: 0, retain: false, dup: false });
    const ping = generate({ cmd: 'pingreq' });
    // Cut by the capture's truncation...
    const cut = createDecoder('mqtt');
    expect(cut.decode({ ...binaryFrame('out', publish.subarray(0, 4)), truncated: true })).toEqual({ ok: false, note: 'PUBLISH cut short (the frame was truncated)' });
    expect(cut.decode(binaryFrame('out', ping))).toMatchObject({ ok: true, messages: [{ kind: 'PINGREQ' }] });
    // ...or a frame refused as too large to decode...
    const refused = createDecoder('mqtt');
    refused.decode(binaryFrame('out', publish.subarray(0, 4)));
    expect(refused.decode({ dir: 'out', opcode: 'binary', data: 'A'.repeat(MAX_DECODE_CHARS + 4) })).toMatchObject({ ok: false });
    expect(refused.decode(binaryFrame('out', ping))).toMatchObject({ ok: true, messages: [{ kind: 'PINGREQ' }] });
    // ...or a text frame in between.
    const text = createDecoder('mqtt');
    text.decode(binaryFrame('out', publish.subarray(0, 4)));
    text.decode({ dir: 'out', opcode: 'text', data: 'x' });
    expect(text.decode(binaryFrame('out', ping))).toMatchObject({ ok: true, messages: [{ kind: 'PINGREQ' }] });
  });

  it('decodes MQTT 5 packets split at every byte', () => {
    const v5 = { protocolVersion: 5 as const };
    const connect = generate({ ...CONNECT, protocolVersion: 5, properties: { sessionExpiryInterval: 30 } } as Packet, v5);
    const publish = generate({ cmd: 'publish', topic: 'long/topic', payload: 'p', qos: 1, messageId: 5, retain: false, dup: false, properties: { topicAlias: 1, userProperties: { a: 'b' } } }, v5);
    const stream = Buffer.concat([connect, publish]);
    const { messages } = decodeCut(createDecoder('mqtt'), 'out', stream, range(stream.length).slice(1));
    expect(messages.map((m) => m.summary)).toEqual(['CONNECT split-client v5 keepalive 60', 'PUBLISH long/topic qos1 #5 1 bytes']);
    expect(messages[1]?.payload).toMatchObject({ properties: { topicAlias: 1, userProperties: [['a', 'b']] } });
  });
});
