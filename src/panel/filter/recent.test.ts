import { describe, expect, it } from 'vitest';
import { FRESH_RECALL, isRememberedQuery, MAX_RECENT, MAX_REMEMBERED_LENGTH, recall, withRecent } from './recent';

describe('recent queries', () => {
  it('keeps distinct queries, newest first, at most MAX_RECENT', () => {
    expect(withRecent(['b', 'a'], 'a', null)).toEqual(['a', 'b']);
    expect(withRecent([], 'dir:out', null)).toEqual(['dir:out']);
    const full = Array.from({ length: MAX_RECENT }, (_, i) => `q${i}`);
    const added = withRecent(full, 'new', null);
    expect(added).toHaveLength(MAX_RECENT);
    expect(added[0]).toBe('new');
    expect(added).not.toContain(`q${MAX_RECENT - 1}`);
  });

  it('keeps one entry for the pauses of one typing', () => {
    let list = withRecent(['older'], 'hel', null);
    list = withRecent(list, 'hello', 'hel');
    list = withRecent(list, 'hello dir:out', 'hello');
    expect(list).toEqual(['hello dir:out', 'older']);
    // Once something else is newest, the typing no longer replaces it.
    expect(withRecent(['other', 'hel'], 'hello', 'hel')).toEqual(['hello', 'other', 'hel']);
  });

  it('remembers only non-empty strings of a sensible length, whatever storage holds', () => {
    expect([isRememberedQuery('a'), isRememberedQuery(''), isRememberedQuery('   '), isRememberedQuery(3), isRememberedQuery(null)]).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(isRememberedQuery('x'.repeat(MAX_REMEMBERED_LENGTH))).toBe(true);
    expect(isRememberedQuery('x'.repeat(MAX_REMEMBERED_LENGTH + 1))).toBe(false);
  });
});

describe('recall', () => {
  const entries = ['newest', 'middle', 'oldest'];

  it('steps back with ↑ keeping what was typed, and forward with ↓ to bring it back', () => {
    const first = recall(entries, FRESH_RECALL, true, 'typed');
    expect(first?.text).toBe('newest');
    const second = recall(entries, first!.cursor, true, 'newest');
    expect(second?.text).toBe('middle');
    const third = recall(entries, second!.cursor, true, 'middle');
    expect(third?.text).toBe('oldest');
    expect(recall(entries, third!.cursor, true, 'oldest')).toBeNull();
    const back = recall(entries, third!.cursor, false, 'oldest');
    expect(back?.text).toBe('middle');
    const newest = recall(entries, back!.cursor, false, 'middle');
    const typed = recall(entries, newest!.cursor, false, 'newest');
    expect(typed).toEqual({ cursor: FRESH_RECALL, text: 'typed' });
  });

  it('goes nowhere without entries, or with ↓ from the text being typed', () => {
    expect(recall([], FRESH_RECALL, true, 'x')).toBeNull();
    expect(recall(entries, FRESH_RECALL, false, 'x')).toBeNull();
  });
});
