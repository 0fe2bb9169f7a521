/**
 * The user's grid columns: which are hidden and how wide the resized ones are, kept in the
 * panel's storage. Read back as untrusted, like the settings: unknown columns, columns that may
 * not be hidden and widths out of bounds are dropped.
 */
import { GRID_COLUMNS, type ColumnId } from './columns';

export const COLUMN_SETTINGS_KEY = 'frametap:grid-columns';

export const COLUMN_WIDTH_LIMITS = { min: 40, max: 800 };

export interface ColumnSettings {
  hidden: readonly ColumnId[];
  /** In px, only for the columns the user resized. */
  widths: Readonly<Partial<Record<ColumnId, number>>>;
}

export const DEFAULT_COLUMN_SETTINGS: ColumnSettings = { hidden: [], widths: {} };

const hideable = new Set<string>(GRID_COLUMNS.filter((c) => c.hideable).map((c) => c.id));
const resizable = new Set<string>(GRID_COLUMNS.filter((c) => c.defaultWidth !== undefined).map((c) => c.id));

const isWidth = (x: unknown): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= COLUMN_WIDTH_LIMITS.min && x <= COLUMN_WIDTH_LIMITS.max;

export function parseColumnSettings(stored: unknown): ColumnSettings {
  if (typeof stored !== 'object' || stored === null) return DEFAULT_COLUMN_SETTINGS;
  const { hidden, widths } = stored as Record<string, unknown>;
  const hiddenIds = Array.isArray(hidden) ? hidden.filter((id): id is ColumnId => typeof id === 'string' && hideable.has(id)) : [];
  const validWidths: Partial<Record<ColumnId, number>> = {};
  if (typeof widths === 'object' && widths !== null) {
    for (const [id, width] of Object.entries(widths)) if (resizable.has(id) && isWidth(width)) validWidths[id as ColumnId] = width;
  }
  return { hidden: [...new Set(hiddenIds)], widths: validWidths };
}

export function toggleColumn(settings: ColumnSettings, id: ColumnId): ColumnSettings {
  if (!hideable.has(id)) return settings;
  const hidden = settings.hidden.includes(id) ? settings.hidden.filter((h) => h !== id) : [...settings.hidden, id];
  return { ...settings, hidden };
}

export function withWidth(settings: ColumnSettings, id: ColumnId, width: number): ColumnSettings {
  if (!resizable.has(id)) return settings;
  const clamped = Math.round(Math.min(COLUMN_WIDTH_LIMITS.max, Math.max(COLUMN_WIDTH_LIMITS.min, width)));
  return { ...settings, widths: { ...settings.widths, [id]: clamped } };
}
