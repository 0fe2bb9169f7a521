import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_PORT_MESSAGE_BYTES } from '../shared/constants';
import { frame } from '../panel/store/events.fixture';
import type { HookEvent } from '../shared/protocol';
import { createOutbox } from './outbox';

const frameAt = (seq: number): HookEvent => frame('c1', seq);

describe('relay outbox', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gathers batches that arrive within the delay into one post, in order', () => {
    const posts: HookEvent[][] = [];
    const outbox = createOutbox((events) => posts.push(events), 16);
    outbox.add([frameAt(0), frameAt(1)]);
    outbox.add([frameAt(2)]);
    expect(posts).toEqual([]);
    vi.advanceTimersByTime(16);
    expect(posts.map((p) => p.map((e) => e.seq))).toEqual([[0, 1, 2]]);
    outbox.add([frameAt(3)]);
    vi.advanceTimersByTime(16);
    expect(posts.map((p) => p.map((e) => e.seq))).toEqual([[0, 1, 2], [3]]);
  });

  it('posts at once while the document is being left, and what waited first', () => {
    const posts: number[][] = [];
    const outbox = createOutbox((events) => posts.push(events.map((e) => e.seq)), 16);
    outbox.add([frameAt(0)]);
    outbox.setImmediate(true);
    outbox.add([frameAt(1)]);
    expect(posts).toEqual([[0], [1]]);
    outbox.setImmediate(false);
    outbox.add([frameAt(2)]);
    expect(posts).toHaveLength(2);
    vi.runAllTimers();
    expect(posts).toEqual([[0], [1], [2]]);
  });

  it('does not hold a large payload for the timer', () => {
    const posts: number[][] = [];
    const outbox = createOutbox((events) => posts.push(events.map((e) => e.seq)), 16);
    const data = 'y'.repeat(MAX_PORT_MESSAGE_BYTES / 8);
    outbox.add([frame('c1', 0, { data, size: data.length })]);
    expect(posts).toEqual([[0]]);
  });

  it('forgets what waits when it is discarded, and posts nothing later', () => {
    const posts: number[][] = [];
    const outbox = createOutbox((events) => posts.push(events.map((e) => e.seq)), 16);
    outbox.add([frameAt(0)]);
    outbox.discard();
    vi.runAllTimers();
    expect(posts).toEqual([]);
  });
});
