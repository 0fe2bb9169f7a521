import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_PORT_MESSAGE_BYTES } from '../shared/constants';
import type { HookEvent } from '../shared/protocol';
import { createOutbox } from './outbox';

const frame = (seq: number, data = 'x'): HookEvent => ({
  type: 'frame',
  conn: 'c1',
  seq,
  time: seq,
  dir: 'in',
  via: 'page',
  opcode: 'text',
  size: data.length,
  data,
  truncated: false,
});

describe('relay outbox', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gathers batches that arrive within the delay into one post, in order', () => {
    const posts: HookEvent[][] = [];
    const outbox = createOutbox((events) => posts.push(events), 16);
    outbox.add([frame(0), frame(1)]);
    outbox.add([frame(2)]);
    expect(posts).toEqual([]);
    vi.advanceTimersByTime(16);
    expect(posts.map((p) => p.map((e) => e.seq))).toEqual([[0, 1, 2]]);
    outbox.add([frame(3)]);
    vi.advanceTimersByTime(16);
    expect(posts.map((p) => p.map((e) => e.seq))).toEqual([[0, 1, 2], [3]]);
  });

  it('posts at once while the document is being left, and what waited first', () => {
    const posts: number[][] = [];
    const outbox = createOutbox((events) => posts.push(events.map((e) => e.seq)), 16);
    outbox.add([frame(0)]);
    outbox.setImmediate(true);
    outbox.add([frame(1)]);
    expect(posts).toEqual([[0], [1]]);
    outbox.setImmediate(false);
    outbox.add([frame(2)]);
    expect(posts).toHaveLength(2);
    vi.runAllTimers();
    expect(posts).toEqual([[0], [1], [2]]);
  });

  it('does not hold a large payload for the timer', () => {
    const posts: number[][] = [];
    const outbox = createOutbox((events) => posts.push(events.map((e) => e.seq)), 16);
    outbox.add([frame(0, 'y'.repeat(MAX_PORT_MESSAGE_BYTES / 8))]);
    expect(posts).toEqual([[0]]);
  });

  it('forgets what waits when it is discarded, and posts nothing later', () => {
    const posts: number[][] = [];
    const outbox = createOutbox((events) => posts.push(events.map((e) => e.seq)), 16);
    outbox.add([frame(0)]);
    outbox.discard();
    vi.runAllTimers();
    expect(posts).toEqual([]);
  });
});
