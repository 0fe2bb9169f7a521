import { describe, expect, it } from 'vitest';
import { createTextRope, PAGE_CHARS } from './text-rope';

describe('createTextRope', () => {
  it('cuts the text at any message and finds what one chunk added', () => {
    const rope = createTextRope(1000);
    rope.append(3, 'Hello');
    rope.append(7, ', ');
    rope.append(9, 'world');
    expect(rope.text()).toBe('Hello, world');
    expect(rope.endAt(2)).toBe(0);
    expect(rope.endAt(7)).toBe(7);
    expect(rope.endAt(8)).toBe(7);
    expect(rope.rangeOf(9)).toEqual([7, 12]);
    expect(rope.rangeOf(8)).toBeNull();
    expect(rope.pieces(0, rope.endAt(7)).join('')).toBe('Hello, ');
  });

  it('keeps full pages as they are and slices only at the ends', () => {
    const rope = createTextRope(10 * PAGE_CHARS);
    const text = Array.from({ length: 3 * PAGE_CHARS + 10 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    for (let i = 0; i < text.length; i += 100) rope.append(i, text.slice(i, i + 100));
    expect(rope.text()).toBe(text);
    const pieces = rope.pieces(5, 3 * PAGE_CHARS + 3);
    expect(pieces.join('')).toBe(text.slice(5, 3 * PAGE_CHARS + 3));
    expect(pieces).toHaveLength(4);
    expect(pieces[1]!.length).toBe(PAGE_CHARS);
  });

  it('stops at its cap, counts the rest, and does not split a surrogate pair', () => {
    const rope = createTextRope(10);
    rope.append(1, 'abcdefghi😀xyz');
    expect(rope.text()).toBe('abcdefghi');
    expect(rope.dropped).toBe(5);
    rope.append(2, 'more');
    expect(rope.length).toBe(9);
    expect(rope.dropped).toBe(9);
    expect(rope.chunks).toBe(1);
  });

  it('takes a 10 MB chunk in one append, keeping only the cap', () => {
    const rope = createTextRope(500_000);
    rope.append(1, 'x'.repeat(10 * 1024 * 1024));
    expect(rope.length).toBe(500_000);
    expect(rope.dropped).toBe(10 * 1024 * 1024 - 500_000);
  });
});
