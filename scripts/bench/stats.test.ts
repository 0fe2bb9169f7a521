import { describe, expect, it } from 'vitest';
import { median, pairedRatio, percentile, ratio } from './stats';

describe('bench statistics', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('gives NaN for a ratio against nothing', () => {
    expect(ratio(9, 10)).toBeCloseTo(0.9);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(1, Number.NaN)).toBeNaN();
  });

  it('takes the median of round-by-round ratios, so that a slow round cancels out', () => {
    // Round 2 ran on a slow machine: every setup lost half.
    expect(pairedRatio([90, 45, 95], [100, 50, 100])).toBeCloseTo(0.9);
    expect(pairedRatio([9, 8], [10, 0])).toBeCloseTo(0.9);
    expect(pairedRatio([], [])).toBeNaN();
  });
});
