import { describe, expect, it } from 'vitest';
import { createSeqTracker } from './seq-tracker';

describe('sequence tracker', () => {
  it('accepts a stream in order and rejects what it already has', () => {
    const t = createSeqTracker();
    expect([0, 1, 2].map((s) => t.accept(s))).toEqual([true, true, true]);
    expect([0, 2].map((s) => t.accept(s))).toEqual([false, false]);
    expect(t.missed).toBe(0);
  });

  it('counts a gap as missed, and un-counts what fills it later, once', () => {
    const t = createSeqTracker();
    t.accept(0);
    t.accept(5);
    expect(t.missed).toBe(4);
    expect(t.accept(3)).toBe(true);
    expect(t.accept(3)).toBe(false);
    expect(t.missed).toBe(3);
    expect([1, 2, 4].map((s) => t.accept(s))).toEqual([true, true, true]);
    expect(t.missed).toBe(0);
  });

  it('counts a stream first seen in the middle as missing its start', () => {
    const t = createSeqTracker();
    t.accept(3);
    expect(t.missed).toBe(3);
  });

  it('forgets open gaps on request: late fills are then duplicates', () => {
    const t = createSeqTracker();
    t.accept(0);
    t.accept(3);
    t.forgetGaps();
    expect(t.missed).toBe(0);
    expect(t.accept(1)).toBe(false);
    expect(t.accept(4)).toBe(true);
  });

  it('says how many of a range are still missing, and what it last accepted', () => {
    const t = createSeqTracker();
    expect(t.last).toBe(-1);
    t.accept(0);
    t.accept(5);
    t.accept(9);
    expect(t.last).toBe(9);
    expect([t.missingIn(1, 4), t.missingIn(6, 8), t.missingIn(3, 7), t.missingIn(0, 9)]).toEqual([4, 3, 4, 7]);
    t.accept(2);
    expect([t.missingIn(1, 4), t.missingIn(2, 2)]).toEqual([3, 0]);
  });
});
