/**
 * The filter bar's logic, pure: what the user typed and picked, turned into a predicate over
 * message ids that reads the log's columns directly, so that filtering a million retained
 * messages materializes none of them (message-view.ts keeps the result as an incremental index).
 */
import type { MessageLog } from '../store/message-log';

export type DirectionFilter = 'all' | 'out' | 'in';
export type TypeFilter = 'all' | 'text' | 'binary' | 'lifecycle';

export interface FilterSpec {
  /** Case-insensitive text, or `/regex/flags`. */
  text: string;
  direction: DirectionFilter;
  type: TypeFilter;
  /** Inverts the text match only, as DevTools' Network filter does: "everything but heartbeats". */
  invert: boolean;
  /** Drops the frames a protocol decoder found to be pings, pongs or keep-alives only. */
  hideHeartbeats: boolean;
}

export const NO_FILTER: FilterSpec = { text: '', direction: 'all', type: 'all', invert: false, hideHeartbeats: false };

export type TextQuery = { kind: 'none' } | { kind: 'match'; pattern: RegExp } | { kind: 'invalid'; message: string };

/**
 * More searchable text for a message than its payload, e.g. a decoded protocol summary. Called
 * only for messages the direction and type filters kept; undefined when there is none.
 */
export type ExtraText = (id: number) => string | undefined;

/**
 * Whether a message is a heartbeat: what the protocol decoders say, handed in so that the filter
 * needs none of them. Called only for messages every other criterion kept.
 */
export type HeartbeatTest = (id: number) => boolean;

/** The part of the log a filter reads. */
export type FilterableLog = Pick<MessageLog, 'kindAt' | 'dirAt' | 'opcodeAt' | 'dataAt' | 'eventAt'>;

// `/ws/echo` is a path to look for, not the regex `ws` with flags `echo`: only valid flags make a regex.
const REGEX_SYNTAX = /^\/(.+)\/([dgimsuvy]*)$/s;

/**
 * `g` and `y` make `test()` stateful (it resumes at `lastIndex`), which would skip matches
 * from one message to the next, so they are dropped.
 */
const statelessFlags = (flags: string): string => flags.replace(/[gy]/g, '');

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

export function parseTextQuery(text: string): TextQuery {
  if (text === '') return { kind: 'none' };
  const regex = REGEX_SYNTAX.exec(text);
  if (!regex) return { kind: 'match', pattern: new RegExp(escapeRegExp(text), 'i') };
  try {
    return { kind: 'match', pattern: new RegExp(regex[1]!, statelessFlags(regex[2]!)) };
  } catch (error) {
    return { kind: 'invalid', message: error instanceof Error ? error.message : String(error) };
  }
}

export function isFilterActive(spec: FilterSpec): boolean {
  return spec.text !== '' || spec.direction !== 'all' || spec.type !== 'all' || spec.hideHeartbeats;
}

function matchesType(log: FilterableLog, id: number, type: TypeFilter): boolean {
  switch (type) {
    case 'all':
      return true;
    case 'lifecycle':
      // Every row that is not a frame: the connection's opens, closes and errors, and its gaps.
      return log.kindAt(id) !== 'frame';
    case 'text':
    case 'binary':
      return log.kindAt(id) === 'frame' && log.opcodeAt(id) === type;
  }
}

/**
 * Whether the text query finds the message: a text frame's or a lifecycle or gap row's text, an SSE
 * event type, and any extra text. A binary frame's base64 is not searched: a match there would
 * be noise.
 */
function textMatches(log: FilterableLog, id: number, pattern: RegExp, extras: readonly ExtraText[]): boolean {
  if (log.opcodeAt(id) === 'text' && pattern.test(log.dataAt(id))) return true;
  const event = log.eventAt(id);
  if (event !== undefined && pattern.test(event)) return true;
  for (const extra of extras) {
    const text = extra(id);
    if (text !== undefined && pattern.test(text)) return true;
  }
  return false;
}

/**
 * The predicate for a filter, or null when it keeps everything (the view then needs no index).
 * An invalid regex filters on direction and type alone; the bar shows the error. Without
 * `isHeartbeat` no message is one.
 */
export function buildMessageFilter(
  log: FilterableLog,
  spec: FilterSpec,
  extras: readonly ExtraText[] = [],
  isHeartbeat: HeartbeatTest | null = null,
): ((id: number) => boolean) | null {
  if (!isFilterActive(spec)) return null;
  const query = parseTextQuery(spec.text);
  const pattern = query.kind === 'match' ? query.pattern : null;
  const { direction, type, invert } = spec;
  const hidden = spec.hideHeartbeats ? isHeartbeat : null;
  if (direction === 'all' && type === 'all' && pattern === null && hidden === null) return null;
  return (id) => {
    if (direction !== 'all' && log.dirAt(id) !== direction) return false;
    if (!matchesType(log, id, type)) return false;
    if (pattern !== null && textMatches(log, id, pattern, extras) === invert) return false;
    return hidden === null || !hidden(id);
  };
}

const count = (n: number): string => n.toLocaleString('en-US');

/** "1,204 messages" unfiltered, "12 of 1,204 messages" filtered. */
export function filterSummary(shown: number, total: number, filtered: boolean): string {
  const noun = total === 1 ? 'message' : 'messages';
  return filtered ? `${count(shown)} of ${count(total)} ${noun}` : `${count(total)} ${noun}`;
}
