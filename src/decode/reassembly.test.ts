import { describe, expect, it } from 'vitest';
import { createReassembler, type Framer } from './reassembly';

/** Messages of a byte, then that many bytes: the smallest length-prefixed protocol. */
const lengthPrefixed: Framer = (bytes) => {
  const length = bytes[0];
  if (length === undefined) return { incomplete: true };
  if (length === 0xff) return { invalid: 'bad length' };
  return bytes.length >= length + 1 ? { complete: length + 1 } : { incomplete: true, length: length + 1 };
};

/** Messages that end at a newline, like NDJSON over fetch: their length is not known ahead. */
const lines: Framer = (bytes) => {
  const end = bytes.indexOf(0x0a);
  return end < 0 ? { incomplete: true, kind: 'line' } : { complete: end + 1, kind: 'line' };
};

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const read = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('reassembly', () => {
  it('hands back whole messages at every cut of the stream, with the chunks they came from', () => {
    const stream = new Uint8Array([3, 1, 2, 3, 0, 2, 9, 9, 1, 7]);
    for (let cut = 1; cut < stream.length; cut++) {
      const r = createReassembler(lengthPrefixed);
      const first = r.push(stream.subarray(0, cut), 1);
      const second = r.push(stream.subarray(cut), 2);
      const all = [...first.messages, ...second.messages];
      expect(all.map((m) => Array.from(m.bytes))).toEqual([[3, 1, 2, 3], [0], [2, 9, 9], [1, 7]]);
      // The message the cut falls in comes from both chunks; the others from one.
      expect(all.filter((m) => m.chunks.length > 1).map((m) => m.chunks)).toEqual(cut === 4 || cut === 5 || cut === 8 ? [] : [[1, 2]]);
    }
  });

  it('says what a chunk ends in the middle of', () => {
    const r = createReassembler(lengthPrefixed);
    expect(r.push(new Uint8Array([4, 1]), 1).unfinished).toEqual({ bytesHere: 2, received: 2, length: 5, starts: true });
    expect(r.push(new Uint8Array([2]), 2).unfinished).toEqual({ bytesHere: 1, received: 3, length: 5, starts: false });
    const last = r.push(new Uint8Array([3, 4, 0]), 3);
    expect(last.messages.map((m) => m.chunks)).toEqual([[1, 2, 3], [3]]);
    expect(last.unfinished).toBeUndefined();
  });

  it('skips a message longer than the limit, counting its bytes, and stays in step', () => {
    const r = createReassembler(lengthPrefixed, { maxMessageBytes: 8, maxChunks: 100, maxMessagesPerChunk: 10 });
    const start = r.push(new Uint8Array([20, 0, 0]), 1);
    expect(start.problems).toEqual(['message of 21 bytes is over the 8-byte reassembly limit: skipped']);
    expect(start.unfinished).toMatchObject({ skipped: true, received: 3, length: 21 });
    expect(r.push(new Uint8Array(10), 2).unfinished).toMatchObject({ skipped: true, received: 13, bytesHere: 10 });
    const end = r.push(new Uint8Array([...new Array<number>(8).fill(0), 1, 5]), 3);
    expect(end.messages.map((m) => Array.from(m.bytes))).toEqual([[1, 5]]);
  });

  it('drops a message that runs past the limits without saying its length, and starts again at the next chunk', () => {
    const r = createReassembler(lines, { maxMessageBytes: 16, maxChunks: 4, maxMessagesPerChunk: 10 });
    expect(r.push(text('0123456789'), 1).unfinished).toMatchObject({ kind: 'line', received: 10 });
    const over = r.push(text('0123456789abcdef'), 2);
    expect(over.problems).toEqual(['line runs past 16 bytes without ending: dropped']);
    expect(over.unfinished).toBeUndefined();
    expect(r.push(text('ok\n'), 3).messages.map((m) => read(m.bytes))).toEqual(['ok\n']);
    for (let i = 0; i < 3; i++) r.push(text('a'), 4 + i);
    expect(r.push(text('a'), 7).problems).toEqual(['line runs past 4 frames without ending: dropped']);
  });

  it('buffers at most the limit whatever the chunks, and appends in linear time', () => {
    const r = createReassembler(lines);
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let problems = 0;
    for (let i = 0; i < 64; i++) problems += r.push(chunk, i).problems.length;
    // 4 MiB without a newline: dropped each time it passes the 1 MiB limit, never held whole.
    expect(problems).toBeGreaterThanOrEqual(3);
    const ones = createReassembler(lengthPrefixed);
    const started = performance.now();
    ones.push(new Uint8Array([200]), 0);
    for (let i = 1; i < 200; i++) ones.push(new Uint8Array([i]), i);
    expect(ones.push(new Uint8Array([0]), 200).messages[0]?.chunks).toHaveLength(201);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('resynchronises after bytes that cannot be framed, and after an interruption', () => {
    const r = createReassembler(lengthPrefixed);
    expect(r.push(new Uint8Array([1, 1, 0xff, 1, 1]), 1)).toMatchObject({ messages: [{ chunks: [1] }], problems: ['bad length'] });
    expect(r.push(new Uint8Array([3, 1]), 2).unfinished).toBeDefined();
    r.interrupt();
    expect(r.push(new Uint8Array([0]), 3).messages.map((m) => Array.from(m.bytes))).toEqual([[0]]);
  });

  it('frames every message of a chunk but hands back at most the per-chunk limit', () => {
    const r = createReassembler(lengthPrefixed, { maxMessageBytes: 8, maxChunks: 4, maxMessagesPerChunk: 3 });
    const result = r.push(new Uint8Array([0, 0, 0, 0, 0, 1]), 1);
    expect(result).toMatchObject({ uncounted: 2, unfinished: { length: 2 } });
    expect(result.messages).toHaveLength(3);
  });
});
