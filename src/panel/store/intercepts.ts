/**
 * The store's side of intercept rules: how often each rule matched, which rules the hook stopped
 * for answering in a loop, and the queue of paused messages waiting for Continue or Drop.
 * Called by the reducer (apply-events.ts) inside its batch.
 */
import { MAX_RULES } from '../../shared/intercept-rules';
import type { ConnId, Direction, FrameEvent, FrameOrigin, Opcode, ReleaseEvent } from '../../shared/protocol';
import type { Store } from './store';

/** A message a Pause rule holds in the page until the user lets it go. */
export interface PausedMessage {
  conn: ConnId;
  hold: number;
  rule: string | undefined;
  dir: Direction;
  opcode: Opcode;
  /** As the hook reported it (text, or base64 for binary), possibly cut: see `truncated`. */
  data: string;
  truncated: boolean;
  size: number;
  time: number;
  /** Its grid row, to mark once released; null when capture was paused as it came. */
  rowId: number | null;
}

/**
 * Beyond this the queue keeps its oldest: a page could fake held messages without end, and a
 * user works through a queue from its start.
 */
export const MAX_PAUSED = 1000;

/**
 * Rule ids counted: the pane's (at most MAX_RULES) and those of rules deleted since, but not
 * without end, since a page could make up ids.
 */
export const MAX_COUNTED_RULES = 4 * MAX_RULES;

/** One batch's matches by rule, added to the store's counts once at its end (a flood can match every frame). */
export type MatchTally = Map<string, number>;

/**
 * A frame that names a rule: counted, remembered if the rule was stopped, queued if paused. Only
 * a page's own frames: an imported file's (a frame id no browser frame has, see
 * protocol/store-export.ts) hold nothing anywhere, and its rules are not this panel's.
 */
export function noteRuleFrame(store: Store, origin: FrameOrigin, frame: FrameEvent, rowId: number | null, tally: MatchTally): void {
  const { rule } = frame;
  if (rule === undefined || origin.frameId < 0) return;
  // A rule's own replies are not matches of it.
  if (frame.via !== 'rule') tally.set(rule, (tally.get(rule) ?? 0) + 1);
  const looped = store.loopedRules.peek();
  if (frame.loop && looped.length < MAX_RULES && !looped.includes(rule)) store.loopedRules.value = [...looped, rule];
  if (frame.action !== 'pause' || frame.hold === undefined) return;
  const queue = store.paused.peek();
  if (queue.length >= MAX_PAUSED || queue.some((p) => p.conn === frame.conn && p.hold === frame.hold)) return;
  const { conn, hold, dir, opcode, data, truncated, size, time } = frame;
  store.paused.value = [...queue, { conn, hold, rule, dir, opcode, data, truncated, size, time, rowId }];
}

export function addMatches(store: Store, tally: MatchTally): void {
  if (tally.size === 0) return;
  const counts = new Map(store.ruleMatches.peek());
  for (const [rule, n] of tally) {
    if (counts.has(rule) || counts.size < MAX_COUNTED_RULES) counts.set(rule, (counts.get(rule) ?? 0) + n);
  }
  store.ruleMatches.value = counts;
}

/** A paused message was let go: off the queue, and its row says how. True if a row changed. */
export function applyRelease(store: Store, event: ReleaseEvent): boolean {
  const queue = store.paused.peek();
  const paused = queue.find((p) => p.conn === event.conn && p.hold === event.hold);
  if (!paused) return false;
  store.paused.value = queue.filter((p) => p !== paused);
  const { rowId } = paused;
  if (rowId === null || !store.log.has(rowId)) return false;
  const { outcome, data, size, truncated } = event;
  store.log.rewriteIntercept(rowId, { ...store.log.interceptAt(rowId), release: { outcome, data, size, truncated } });
  return true;
}

/** A closed connection holds nothing any more: its paused messages cannot be let go. */
export function forgetHoldsOf(store: Store, conn: ConnId): void {
  const queue = store.paused.peek();
  if (queue.some((p) => p.conn === conn)) store.paused.value = queue.filter((p) => p.conn !== conn);
}
