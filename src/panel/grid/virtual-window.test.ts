import { describe, expect, it } from 'vitest';
import { nextIndex } from './keyboard';
import { isAtBottom, scrollMap, scrollTopToReveal, visibleRows } from './virtual-window';

describe('virtual window', () => {
  const base = { rowHeight: 20, viewportHeight: 100, rowCount: 1_000_000, overscan: 2 };

  it('renders only the rows on screen, plus the overscan', () => {
    expect(visibleRows({ ...base, scrollTop: 0 })).toEqual({ first: 0, end: 7 });
    expect(visibleRows({ ...base, scrollTop: 10_010 })).toEqual({ first: 498, end: 508 });
    expect(visibleRows({ ...base, scrollTop: 19_999_900 })).toEqual({ first: 999_993, end: 1_000_000 });
    expect(visibleRows({ ...base, rowCount: 0, scrollTop: 0 })).toEqual({ first: 0, end: 0 });
  });

  it('scrolls as little as possible to reveal a row', () => {
    expect(scrollTopToReveal(10, 300, 100, 20)).toBe(200);
    expect(scrollTopToReveal(16, 200, 100, 20)).toBe(240);
    expect(scrollTopToReveal(12, 200, 100, 20)).toBe(200);
  });

  it('knows the bottom, within half a row', () => {
    expect(isAtBottom(900, 100, 1000, 20)).toBe(true);
    expect(isAtBottom(891, 100, 1000, 20)).toBe(true);
    expect(isAtBottom(880, 100, 1000, 20)).toBe(false);
  });
});

describe('scroll map', () => {
  it('maps one to one while the content fits', () => {
    const map = scrollMap(1_000, 100, 5_000);
    expect([map.spacerHeight, map.toVirtual(250), map.toScroll(250)]).toEqual([1_000, 250, 250]);
  });

  it('scales a taller content into the cap, top to top and bottom to bottom', () => {
    // A million 20px rows in a 600px viewport.
    const map = scrollMap(20_000_000, 600, 8_000_000);
    expect(map.spacerHeight).toBe(8_000_000);
    expect(map.toVirtual(0)).toBe(0);
    expect(map.toVirtual(8_000_000 - 600)).toBeCloseTo(20_000_000 - 600);
    expect(map.toScroll(map.toVirtual(123_456))).toBeCloseTo(123_456);
  });
});

describe('keyboard navigation', () => {
  it('moves by one, by a page, and to the ends, within bounds', () => {
    expect(nextIndex('ArrowDown', 3, 10, 4)).toBe(4);
    expect(nextIndex('ArrowUp', 0, 10, 4)).toBe(0);
    expect(nextIndex('PageDown', 8, 10, 4)).toBe(9);
    expect(nextIndex('PageUp', 5, 10, 4)).toBe(1);
    expect(nextIndex('Home', 5, 10, 4)).toBe(0);
    expect(nextIndex('End', 5, 10, 4)).toBe(9);
    expect(nextIndex('a', 5, 10, 4)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0, 4)).toBeNull();
  });

  it('starts from an end when nothing is selected', () => {
    expect(nextIndex('ArrowDown', -1, 10, 4)).toBe(0);
    expect(nextIndex('ArrowUp', -1, 10, 4)).toBe(9);
  });
});
