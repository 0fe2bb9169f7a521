import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMN_SETTINGS, parseColumnSettings, toggleColumn, withWidth } from './column-settings';

describe('column settings', () => {
  it('reads back hidden columns and widths, dropping what is not valid', () => {
    expect(parseColumnSettings({ hidden: ['size', 'conn'], widths: { time: 140, type: 90 } })).toEqual({
      hidden: ['size', 'conn'],
      widths: { time: 140, type: 90 },
    });
    expect(
      parseColumnSettings({ hidden: ['data', 'dir', 'nope', 3, 'size', 'size'], widths: { data: 100, dir: 30, time: 5, size: 99.5, type: '80', conn: 9000 } }),
    ).toEqual({ hidden: ['size'], widths: {} });
    expect(parseColumnSettings(undefined)).toEqual(DEFAULT_COLUMN_SETTINGS);
    expect(parseColumnSettings({ hidden: 'size', widths: [1] })).toEqual(DEFAULT_COLUMN_SETTINGS);
  });

  it('hides and shows a column, never Data or the direction', () => {
    const hidden = toggleColumn(DEFAULT_COLUMN_SETTINGS, 'time');
    expect(hidden.hidden).toEqual(['time']);
    expect(toggleColumn(hidden, 'time').hidden).toEqual([]);
    expect(toggleColumn(DEFAULT_COLUMN_SETTINGS, 'data')).toBe(DEFAULT_COLUMN_SETTINGS);
    expect(toggleColumn(DEFAULT_COLUMN_SETTINGS, 'dir')).toBe(DEFAULT_COLUMN_SETTINGS);
  });

  it('keeps widths within bounds, for resizable columns only', () => {
    expect(withWidth(DEFAULT_COLUMN_SETTINGS, 'size', 90.4).widths).toEqual({ size: 90 });
    expect(withWidth(DEFAULT_COLUMN_SETTINGS, 'size', 2).widths).toEqual({ size: 40 });
    expect(withWidth(DEFAULT_COLUMN_SETTINGS, 'data', 300)).toBe(DEFAULT_COLUMN_SETTINGS);
  });
});
