/**
 * The composer's history of sent messages, newest last, and ↑/↓ through it as in a shell: the
 * first ↑ keeps what was being typed, and ↓ past the newest entry brings it back.
 */
import type { Draft } from './encode';

export const MAX_HISTORY = 50;

/** The list with `draft` added as the newest, without a repeat of the newest and within MAX_HISTORY. */
export function withEntry(entries: readonly Draft[], draft: Draft): Draft[] {
  const last = entries.at(-1);
  const kept = last && last.text === draft.text && last.format === draft.format ? entries.slice(0, -1) : entries;
  return [...kept, draft].slice(-MAX_HISTORY);
}

export interface HistoryCursor {
  /** Index into the entries while recalling; null while editing the user's own draft. */
  index: number | null;
  /** What the user was typing before the first ↑. */
  stash: Draft | null;
}

export const FRESH_CURSOR: HistoryCursor = { index: null, stash: null };

/** One step older (-1) or newer (+1); null when there is nowhere to go. */
export function step(
  entries: readonly Draft[],
  cursor: HistoryCursor,
  direction: -1 | 1,
  current: Draft,
): { cursor: HistoryCursor; draft: Draft } | null {
  if (cursor.index === null) {
    if (direction === 1 || entries.length === 0) return null;
    const index = entries.length - 1;
    return { cursor: { index, stash: current }, draft: entries[index]! };
  }
  const index = cursor.index + direction;
  if (index < 0) return null;
  if (index >= entries.length) return { cursor: FRESH_CURSOR, draft: cursor.stash ?? { text: '', format: current.format } };
  return { cursor: { index, stash: cursor.stash }, draft: entries[index]! };
}

/** ↑ recalls only with the caret on the first line, ↓ only on the last, so both still move the caret. */
export function caretAllows(text: string, caret: number, direction: -1 | 1): boolean {
  return direction === -1 ? !text.slice(0, caret).includes('\n') : !text.slice(caret).includes('\n');
}
