/**
 * The filter box's recent queries, kept in the panel's storage (see ../storage.ts), newest first:
 * distinct, non-empty, at most MAX_RECENT, and ↑/↓ through them in the box. The keystrokes of one
 * query are one entry: a query committed by a pause in typing replaces the one the same typing
 * committed before.
 */
export const RECENT_QUERIES_KEY = 'frametap:filter:recent';
export const MAX_RECENT = 20;
/** Longer is a paste, not something to type again, and not worth storage. */
export const MAX_REMEMBERED_LENGTH = 500;

export const isRememberedQuery = (x: unknown): x is string =>
  typeof x === 'string' && x.trim() !== '' && x.length <= MAX_REMEMBERED_LENGTH;

/**
 * The list with `query` (one that `isRememberedQuery`) as the newest. `typedOver` is what the same typing last committed (null
 * after an Enter, a blur or a pick): if it is still the newest, `query` replaces it.
 */
export function withRecent(entries: readonly string[], query: string, typedOver: string | null): string[] {
  const rest = typedOver !== null && entries[0] === typedOver ? entries.slice(1) : entries;
  return [query, ...rest.filter((entry) => entry !== query)].slice(0, MAX_RECENT);
}

/** Where ↑/↓ are in the recent queries: null while the box holds the user's own text, kept in `stash`. */
export interface RecallCursor {
  index: number | null;
  stash: string;
}

export const FRESH_RECALL: RecallCursor = { index: null, stash: '' };

/**
 * ↑ (`older`) or ↓ through the recent queries, as in a shell: the first ↑ keeps what was being
 * typed, and ↓ past the newest brings it back. null when there is nowhere to go.
 */
export function recall(entries: readonly string[], cursor: RecallCursor, older: boolean, current: string): { cursor: RecallCursor; text: string } | null {
  if (cursor.index === null) {
    if (!older || entries.length === 0) return null;
    return { cursor: { index: 0, stash: current }, text: entries[0]! };
  }
  const index = cursor.index + (older ? 1 : -1);
  if (index >= entries.length) return null;
  if (index < 0) return { cursor: FRESH_RECALL, text: cursor.stash };
  return { cursor: { index, stash: cursor.stash }, text: entries[index]! };
}
