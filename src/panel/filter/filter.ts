/**
 * The filter bar's logic, pure: what the user typed and picked, turned into a predicate over
 * message ids that reads the log's columns directly, so that filtering a million retained
 * messages materializes none of them (message-view.ts keeps the result as an incremental index).
 */
import { formatCount } from '../format/count';
import type { MessageLog } from '../store/message-log';
import { isIntercepted } from '../store/intercept';
import { parseQuery, type IsTerm, type SizeOp, type Term, type TypeTerm } from './query';

export type DirectionFilter = 'all' | 'out' | 'in';
export type TypeFilter = 'all' | 'text' | 'binary' | 'lifecycle';

export interface FilterSpec {
  /** The filter box's query: plain text, `/regex/flags` and terms (query.ts). */
  text: string;
  direction: DirectionFilter;
  type: TypeFilter;
  /** Inverts the plain-text match only, as DevTools' Network filter does: "everything but heartbeats". */
  invert: boolean;
  /** Drops the frames a protocol decoder found to be pings, pongs or keep-alives only. */
  hideHeartbeats: boolean;
}

export const NO_FILTER: FilterSpec = { text: '', direction: 'all', type: 'all', invert: false, hideHeartbeats: false };

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

/** A connection's URL by its index, for `conn:` terms; undefined for one the store does not know. */
export type ConnectionUrl = (connIndex: number) => string | undefined;

/** The part of the log a filter reads. */
export type FilterableLog = Pick<MessageLog, 'kindAt' | 'dirAt' | 'opcodeAt' | 'dataAt' | 'eventAt' | 'connIndexAt' | 'sizeAt' | 'interceptAt'>;

export function isFilterActive(spec: FilterSpec): boolean {
  return spec.text !== '' || spec.direction !== 'all' || spec.type !== 'all' || spec.hideHeartbeats;
}

function matchesType(log: FilterableLog, id: number, type: TypeFilter | TypeTerm): boolean {
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
 * Whether a text finds the message: a text frame's or a lifecycle or gap row's text, an SSE event
 * type, and any extra text. A binary frame's base64 is not searched: a match there would be noise.
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

type Test = (id: number) => boolean;

/** A rule's reply names its rule and did nothing to anything (store/intercept.ts). */
function isHolds(log: FilterableLog, id: number, is: IsTerm): boolean {
  const intercept = log.interceptAt(id);
  return is === 'intercepted' ? isIntercepted(intercept) : intercept !== undefined && !isIntercepted(intercept);
}

/** A size term holds for frames only: lifecycle and gap rows have no payload to measure. */
function sizeHolds(op: SizeOp, size: number, bytes: number): boolean {
  switch (op) {
    case '>':
      return size > bytes;
    case '<':
      return size < bytes;
    case '>=':
      return size >= bytes;
    case '<=':
      return size <= bytes;
  }
}

/**
 * Whether a connection passes the `conn:` terms: any of the plain ones (they are alternatives),
 * none of the negated ones. Remembered per connection, since its URL never changes.
 */
function connectionTest(terms: readonly Extract<Term, { key: 'conn' }>[], urlOf: ConnectionUrl | null): ((connIndex: number) => boolean) | null {
  if (terms.length === 0) return null;
  const wanted = terms.filter((t) => !t.negate).map((t) => t.needle);
  const unwanted = terms.filter((t) => t.negate).map((t) => t.needle);
  const known = new Map<number, boolean>();
  return (connIndex) => {
    const cached = known.get(connIndex);
    if (cached !== undefined) return cached;
    const url = urlOf?.(connIndex)?.toLowerCase();
    if (url === undefined) return wanted.length === 0;
    const passes = (wanted.length === 0 || wanted.some((n) => url.includes(n))) && !unwanted.some((n) => url.includes(n));
    known.set(connIndex, passes);
    return passes;
  };
}

/**
 * The tests of a query's terms, cheapest first: columns, then texts, then the connection. The
 * plain texts together are the "text match" that Invert turns around.
 */
function termTests(log: FilterableLog, terms: readonly Term[], invert: boolean, extras: readonly ExtraText[], urlOf: ConnectionUrl | null): Test[] {
  const tests: Test[] = [];
  const texts: RegExp[] = [];
  const conns: Extract<Term, { key: 'conn' }>[] = [];
  for (const term of terms) {
    const { negate } = term;
    switch (term.key) {
      case 'dir': {
        const { dir } = term;
        tests.push((id) => (log.dirAt(id) === dir) !== negate);
        break;
      }
      case 'type': {
        const { type } = term;
        tests.push((id) => matchesType(log, id, type) !== negate);
        break;
      }
      case 'event': {
        const { pattern } = term;
        tests.push((id) => {
          const event = log.eventAt(id);
          return (event !== undefined && pattern.test(event)) !== negate;
        });
        break;
      }
      case 'text':
        if (negate) {
          const { pattern } = term;
          tests.push((id) => !textMatches(log, id, pattern, extras));
        } else texts.push(term.pattern);
        break;
      case 'conn':
        conns.push(term);
        break;
      case 'is': {
        const { is } = term;
        tests.push((id) => isHolds(log, id, is) !== negate);
        break;
      }
      case 'action': {
        const { action } = term;
        tests.push((id) => (log.interceptAt(id)?.action === action) !== negate);
        break;
      }
      case 'size': {
        const { op, bytes } = term;
        tests.push((id) => (log.kindAt(id) === 'frame' && sizeHolds(op, log.sizeAt(id), bytes)) !== negate);
        break;
      }
    }
  }
  if (texts.length > 0) {
    tests.push((id) => {
      // An index loop: no closure or iterator per message.
      let all = true;
      for (let i = 0; all && i < texts.length; i++) all = textMatches(log, id, texts[i]!, extras);
      return all !== invert;
    });
  }
  const connPasses = connectionTest(conns, urlOf);
  if (connPasses) tests.push((id) => connPasses(log.connIndexAt(id)));
  return tests;
}

/**
 * The predicate for a filter, or null when it keeps everything (the view then needs no index).
 * An invalid query filters on direction and type alone; the bar shows the error. Without
 * `isHeartbeat` no message is one; without `urlOf` no connection has a URL.
 */
export function buildMessageFilter(
  log: FilterableLog,
  spec: FilterSpec,
  extras: readonly ExtraText[] = [],
  isHeartbeat: HeartbeatTest | null = null,
  urlOf: ConnectionUrl | null = null,
): ((id: number) => boolean) | null {
  if (!isFilterActive(spec)) return null;
  const query = parseQuery(spec.text);
  const terms = query.kind === 'terms' ? query.terms : [];
  const { direction, type } = spec;
  const hidden = spec.hideHeartbeats ? isHeartbeat : null;
  if (direction === 'all' && type === 'all' && terms.length === 0 && hidden === null) return null;
  const tests = termTests(log, terms, spec.invert, extras, urlOf);
  return (id) => {
    if (direction !== 'all' && log.dirAt(id) !== direction) return false;
    if (!matchesType(log, id, type)) return false;
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(id)) return false;
    return hidden === null || !hidden(id);
  };
}

/** "1,204 messages" unfiltered, "12 of 1,204 messages" filtered. */
export function filterSummary(shown: number, total: number, filtered: boolean): string {
  const noun = total === 1 ? 'message' : 'messages';
  return filtered ? `${formatCount(shown)} of ${formatCount(total)} ${noun}` : `${formatCount(total)} ${noun}`;
}
