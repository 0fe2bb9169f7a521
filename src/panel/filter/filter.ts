/**
 * The filter bar's logic, pure: what the user typed and picked, turned into a predicate over
 * message ids that reads the log's columns directly, so that filtering a million retained
 * messages materializes none of them (message-view.ts keeps the result as an incremental index).
 */
import { formatCount } from '../format/count';
import type { Connection } from '../store/connection';
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

/** What `conn:`, `worker:` and `is:worker` read of a connection, by its index; undefined for one the store does not know. */
export type ConnectionFacts = (connIndex: number) => Pick<Connection, 'url' | 'worker'> | undefined;

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
function isHolds(log: FilterableLog, id: number, is: Exclude<IsTerm, 'worker'>): boolean {
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

type ConnectionTerm = Extract<Term, { key: 'conn' | 'worker' }>;

/** Any of the plain needles (they are alternatives) is in one of the texts, and none of the negated ones. */
function alternativesHold(terms: readonly ConnectionTerm[], texts: readonly string[]): boolean {
  let wanted = false;
  let found = false;
  for (const { needle, negate } of terms) {
    const inText = texts.some((text) => text.includes(needle));
    if (negate && inText) return false;
    if (!negate) {
      wanted = true;
      found ||= inText;
    }
  }
  return !wanted || found;
}

/**
 * Whether a connection passes the terms about connections: `conn:` on its URL, `worker:` on its
 * worker's script URL and name, `is:worker`. Remembered per connection, since none of these change.
 */
function connectionTest(
  terms: readonly ConnectionTerm[],
  isWorker: readonly boolean[],
  factsOf: ConnectionFacts | null,
): ((connIndex: number) => boolean) | null {
  if (terms.length === 0 && isWorker.length === 0) return null;
  const conns = terms.filter((t) => t.key === 'conn');
  const workers = terms.filter((t) => t.key === 'worker');
  const passes = (facts: Pick<Connection, 'url' | 'worker'> | undefined): boolean => {
    const worker = facts?.worker;
    return (
      isWorker.every((negate) => (worker !== undefined) !== negate) &&
      alternativesHold(conns, facts ? [facts.url.toLowerCase()] : []) &&
      alternativesHold(workers, worker ? [worker.url.toLowerCase(), worker.name.toLowerCase()] : [])
    );
  };
  const known = new Map<number, boolean>();
  return (connIndex) => {
    const cached = known.get(connIndex);
    if (cached !== undefined) return cached;
    const facts = factsOf?.(connIndex);
    // Not remembered: the store may learn of the connection later.
    if (facts === undefined) return passes(undefined);
    const result = passes(facts);
    known.set(connIndex, result);
    return result;
  };
}

/**
 * The tests of a query's terms, cheapest first: columns, then texts, then the connection. The
 * plain texts together are the "text match" that Invert turns around.
 */
function termTests(log: FilterableLog, terms: readonly Term[], invert: boolean, extras: readonly ExtraText[], factsOf: ConnectionFacts | null): Test[] {
  const tests: Test[] = [];
  const texts: RegExp[] = [];
  const conns: ConnectionTerm[] = [];
  /** The `is:worker` terms, by whether each is negated. */
  const isWorker: boolean[] = [];
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
      case 'worker':
        conns.push(term);
        break;
      case 'is': {
        const { is } = term;
        if (is === 'worker') isWorker.push(negate);
        else tests.push((id) => isHolds(log, id, is) !== negate);
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
  const connPasses = connectionTest(conns, isWorker, factsOf);
  if (connPasses) tests.push((id) => connPasses(log.connIndexAt(id)));
  return tests;
}

/**
 * The predicate for a filter, or null when it keeps everything (the view then needs no index).
 * An invalid query filters on direction and type alone; the bar shows the error. Without
 * `isHeartbeat` no message is one; without `factsOf` no connection has a URL or a worker.
 */
export function buildMessageFilter(
  log: FilterableLog,
  spec: FilterSpec,
  extras: readonly ExtraText[] = [],
  isHeartbeat: HeartbeatTest | null = null,
  factsOf: ConnectionFacts | null = null,
): ((id: number) => boolean) | null {
  if (!isFilterActive(spec)) return null;
  const query = parseQuery(spec.text);
  const terms = query.kind === 'terms' ? query.terms : [];
  const { direction, type } = spec;
  const hidden = spec.hideHeartbeats ? isHeartbeat : null;
  if (direction === 'all' && type === 'all' && terms.length === 0 && hidden === null) return null;
  const tests = termTests(log, terms, spec.invert, extras, factsOf);
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
