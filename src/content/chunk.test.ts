import { describe, expect, it } from 'vitest';
import type { FrameEvent } from '../shared/protocol';
import { chunkByPayload } from './chunk';

const frame = (seq: number, length: number): FrameEvent => ({
  type: 'frame',
  conn: 'a',
  seq,
  time: seq,
  dir: 'in',
  via: 'page',
  opcode: 'text',
  size: length,
  data: 'x'.repeat(length),
  truncated: false,
});

describe('chunkByPayload', () => {
  it('keeps small batches whole', () => {
    expect(chunkByPayload([frame(1, 5), frame(2, 5)], 100)).toHaveLength(1);
  });

  it('splits at the limit and keeps the order', () => {
    const chunks = chunkByPayload([frame(1, 40), frame(2, 40), frame(3, 40)], 100);
    expect(chunks.map((c) => c.map((e) => e.seq))).toEqual([[1, 2], [3]]);
  });

  it('sends an event larger than the limit on its own', () => {
    const chunks = chunkByPayload([frame(1, 10), frame(2, 500), frame(3, 10)], 100);
    expect(chunks.map((c) => c.map((e) => e.seq))).toEqual([[1], [2], [3]]);
  });
});
