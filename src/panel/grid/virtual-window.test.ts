import { describe, expect, it } from 'vitest';
import { nextIndex } from './keyboard';
import { isAtBottom, scrollTopToReveal, visibleRows } from './virtual-window';

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
