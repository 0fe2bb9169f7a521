import { describe, expect, it } from 'vitest';
import type { Draft } from './encode';
import { FRESH_CURSOR, MAX_HISTORY, caretAllows, step, withEntry } from './history';

const text = (t: string): Draft => ({ text: t, format: 'text' });

describe('history', () => {
  it('keeps the newest last, without an immediate repeat, bounded', () => {
    expect(withEntry([text('a')], text('a'))).toEqual([text('a')]);
    expect(withEntry([text('a'), text('b')], text('a'))).toEqual([text('a'), text('b'), text('a')]);
    const many = Array.from({ length: MAX_HISTORY + 5 }, (_, i) => text(String(i))).reduce(withEntry, [] as Draft[]);
    expect(many).toHaveLength(MAX_HISTORY);
    expect(many.at(-1)).toEqual(text(String(MAX_HISTORY + 4)));
  });

  it('walks back and forth, and gives back the draft being typed', () => {
    const entries = [text('one'), text('two')];
    const up1 = step(entries, FRESH_CURSOR, -1, text('typing'))!;
    expect(up1.draft).toEqual(text('two'));
    const up2 = step(entries, up1.cursor, -1, up1.draft)!;
    expect(up2.draft).toEqual(text('one'));
    expect(step(entries, up2.cursor, -1, up2.draft)).toBeNull();
    const down1 = step(entries, up2.cursor, 1, up2.draft)!;
    expect(down1.draft).toEqual(text('two'));
    const down2 = step(entries, down1.cursor, 1, down1.draft)!;
    expect(down2).toEqual({ cursor: FRESH_CURSOR, draft: text('typing') });
    expect(step(entries, FRESH_CURSOR, 1, text('x'))).toBeNull();
  });

  it('recalls only from the first line (↑) or the last line (↓)', () => {
    expect(caretAllows('a\nb', 1, -1)).toBe(true);
    expect(caretAllows('a\nb', 3, -1)).toBe(false);
    expect(caretAllows('a\nb', 3, 1)).toBe(true);
    expect(caretAllows('a\nb', 0, 1)).toBe(false);
  });
});
