import { JsonHubProtocol, MessageType } from '@microsoft/signalr';
import { FrameImpl } from '@stomp/stompjs';
import { MessageType as GraphQlMessageType, stringifyMessage } from 'graphql-ws';
import { generate } from 'mqtt-packet';
import { Encoder, PacketType } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../shared/protocol';
import { createDecoder, isProtocolId, PROTOCOLS } from './registry';
import { MAX_DECODE_CHARS } from './result';
import type { DecoderFrame } from './types';

/** A small deterministic PRNG (mulberry32), so that a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid messages of every protocol, from their libraries, for the fuzzer to mutate. */
const CORPUS: { opcode: 'text' | 'binary'; bytes: Uint8Array }[] = [
  ...new Encoder().encode({ type: PacketType.EVENT, nsp: '/chat', id: 12, data: ['m', { a: [1, 'é'] }, new Uint8Array([1, 2])] }).map((part: string | Uint8Array) =>
    typeof part === 'string' ? text(`4${part}`) : binary(part),
  ),
  text('0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'),
  text(FrameImpl.marshall({ command: 'SEND', headers: { destination: '/a:b', receipt: '1' }, body: '{"x":1}', escapeHeaderValues: true }) as string),
  text(`a${JSON.stringify([FrameImpl.marshall({ command: 'MESSAGE', headers: { destination: '/t', 'message-id': '1', subscription: 's' }, body: 'é' }) as string, '\n'])}`),
  binary(new Uint8Array(FrameImpl.marshall({ command: 'SEND', headers: { destination: '/b' }, binaryBody: new Uint8Array([0, 1, 255]) }) as ArrayBuffer)),
  text(new JsonHubProtocol().writeMessage({ type: MessageType.Invocation, invocationId: '1', target: 'Send', arguments: ['a', { b: 1 }], headers: {} }) as string),
  text(stringifyMessage({ type: GraphQlMessageType.Subscribe, id: '1', payload: { query: 'subscription S { s }', variables: { a: 1 } } })),
  text('{"id":"1","type":"data","payload":{"data":null,"errors":[{"message":"x"}]}}'),
  text('[{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":"1"},{"jsonrpc":"2.0","error":{"code":-1,"message":"m"},"id":2}]'),
  binary(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'c', clean: true, keepalive: 10, properties: { userProperties: { a: 'b' } } }, { protocolVersion: 5 })),
  binary(
    Buffer.concat([
      generate({ cmd: 'publish', topic: 't/1', payload: 'x', qos: 1, messageId: 3, retain: false, dup: false, properties: { topicAlias: 2 } }, { protocolVersion: 5 }),
      generate({ cmd: 'subscribe', messageId: 4, subscriptions: [{ topic: 'a/#', qos: 1 }] }),
    ]),
  ),
];

function text(data: string): { opcode: 'text'; bytes: Uint8Array } {
  return { opcode: 'text', bytes: new TextEncoder().encode(data) };
}

function binary(bytes: Uint8Array): { opcode: 'binary'; bytes: Uint8Array } {
  return { opcode: 'binary', bytes };
}

/** A corpus message cut short, with a few bytes overwritten, or both. */
function mutant(next: () => number): DecoderFrame {
  const dir: Direction = next() < 0.5 ? 'in' : 'out';
  const source = CORPUS[Math.floor(next() * CORPUS.length)] ?? CORPUS[0];
  if (!source) throw new Error('empty corpus');
  const bytes = source.bytes.slice(0, next() < 0.3 ? Math.floor(next() * source.bytes.length) : source.bytes.length);
  const flips = Math.floor(next() * 4);
  for (let i = 0; i < flips && bytes.length > 0; i++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
  return source.opcode === 'binary'
    ? { dir, opcode: 'binary', data: Buffer.from(bytes).toString('base64') }
    : { dir, opcode: 'text', data: new TextDecoder().decode(bytes), truncated: next() < 0.1 };
}

describe('every decoder', () => {
  it('lists every protocol once', () => {
    expect(new Set(PROTOCOLS.map((p) => p.id)).size).toBe(PROTOCOLS.length);
    expect(isProtocolId('mqtt')).toBe(true);
    expect(isProtocolId('toString')).toBe(false);
  });

  it.each(PROTOCOLS.map((p) => p.id))('%s never throws on mutated messages and keeps summaries on one line', (protocol) => {
    const next = random(protocol.length * 7919);
    const decoder = createDecoder(protocol, { url: 'wss://x.test/socket.io/?EIO=3' });
    let decodedFrames = 0;
    for (let i = 0; i < 3000; i++) {
      const result = decoder.decode(mutant(next));
      if (!result.ok) {
        expect(typeof result.note).toBe('string');
        continue;
      }
      decodedFrames++;
      // A frame that decodes holds messages, or part of one that later frames complete.
      expect(result.messages.length > 0 || result.fragment !== undefined).toBe(true);
      for (const message of result.messages) {
        expect(message.protocol).toBe(protocol);
        expect(message.summary).not.toMatch(/[\n\r\0]/);
      }
    }
    // The mutants reach past the first checks: some still decode.
    expect(decodedFrames).toBeGreaterThan(20);
  });

  it.each(PROTOCOLS.map((p) => p.id))('%s refuses oversized frames and survives deep nesting', (protocol) => {
    const decoder = createDecoder(protocol);
    expect(decoder.decode({ dir: 'in', opcode: 'text', data: 'x'.repeat(MAX_DECODE_CHARS + 1) })).toMatchObject({ ok: false, note: expect.stringContaining('too large') });
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    for (const data of [deep, `42${deep}`, `{"type":"next","id":"1","payload":${deep}}`, `${deep}\x1e`]) {
      expect(() => decoder.decode({ dir: 'in', opcode: 'text', data })).not.toThrow();
    }
  });
});
