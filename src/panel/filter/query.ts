/**
 * The filter box's query language, pure: DevTools-style terms (`dir:out`, `type:binary`,
 * `event:price`, `size>1k`, `conn:/echo`, `is:intercepted`, `action:drop`, `is:worker`, `worker:sync`, `-` to negate) mixed
 * with plain text or `/regex/flags`.
 * Parsed once per query; filter.ts turns the terms into a predicate over the log's columns.
 *
 * Plain text keeps its old meaning: a query without terms is one case-insensitive substring (or
 * one regex), spaces and all. With terms, each run of plain words between them is such a text.
 */
import type { Direction, InterceptAction } from '../../shared/protocol';

export type TypeTerm = 'text' | 'binary' | 'lifecycle';
export type SizeOp = '>' | '<' | '>=' | '<=';
/** `intercepted`: a rule acted on the message; `reply`: a Respond rule's fake reply; `worker`: its connection is a worker's. */
export type IsTerm = 'intercepted' | 'reply' | 'worker';

export type Term =
  | { key: 'text'; pattern: RegExp; negate: boolean }
  | { key: 'dir'; dir: Direction; negate: boolean }
  | { key: 'type'; type: TypeTerm; negate: boolean }
  | { key: 'event'; pattern: RegExp; negate: boolean }
  | { key: 'size'; op: SizeOp; bytes: number; negate: boolean }
  | { key: 'is'; is: IsTerm; negate: boolean }
  | { key: 'action'; action: InterceptAction; negate: boolean }
  /** `needle` is lowercase: URLs are matched case-insensitively. */
  | { key: 'conn'; needle: string; negate: boolean }
  /** Part of the worker's script URL or name; lowercase, as for `conn`. */
  | { key: 'worker'; needle: string; negate: boolean };

export type Query = { kind: 'terms'; terms: readonly Term[] } | { kind: 'invalid'; message: string };

/** Beyond this a query is refused: every term costs every message a test, over a million of them. */
export const MAX_TERMS = 100;

// `/ws/echo` is a path to look for, not the regex `ws` with flags `echo`: only valid flags make a regex.
const REGEX_SYNTAX = /^\/(.+)\/([dgimsuvy]*)$/s;
const KEYED = /^([a-z]+)(>=|<=|:|<|>)(.*)$/is;
const SIZE = /^(\d+(?:\.\d+)?|\.\d+)([km]?)$/i;
const TOKEN = /\S+/g;

/** Decimal, as the grid writes sizes (kB = 1000 bytes). */
const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1000, m: 1_000_000 };
const DIRECTIONS: Readonly<Record<string, Direction>> = { out: 'out', sent: 'out', in: 'in', received: 'in' };
const TYPES: readonly TypeTerm[] = ['text', 'binary', 'lifecycle'];
const IS_TERMS: readonly IsTerm[] = ['intercepted', 'reply', 'worker'];
const ACTIONS: readonly InterceptAction[] = ['drop', 'delay', 'rewrite', 'respond', 'pause'];
const KEYS = new Set(['dir', 'type', 'event', 'size', 'conn', 'worker', 'is', 'action']);

/**
 * `g` and `y` make `test()` stateful (it resumes at `lastIndex`), which would skip matches
 * from one message to the next, so they are dropped.
 */
const statelessFlags = (flags: string): string => flags.replace(/[gy]/g, '');

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

class QueryError extends Error {}

/** What the bar shows of an error, which may quote the whole (pasted, huge) pattern. */
const MAX_MESSAGE_LENGTH = 200;

/**
 * Text too long for the engine is an invalid query too: V8 compiles a pattern on its first
 * match and throws "Regular expression too large" there, so one match here keeps that out of
 * the filter's scan.
 */
function compile(source: string, flags: string): RegExp {
  try {
    const pattern = new RegExp(source, flags);
    pattern.test('');
    return pattern;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new QueryError(message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message);
  }
}

/** Case-insensitive text, or `/regex/flags`. */
function textPattern(text: string): RegExp {
  const regex = REGEX_SYNTAX.exec(text);
  return regex ? compile(regex[1]!, statelessFlags(regex[2]!)) : compile(escapeRegExp(text), 'i');
}

function keyedTerm(token: string, key: string, op: string, value: string, negate: boolean): Term {
  const fail = (why: string): never => {
    throw new QueryError(`${token}: ${why}`);
  };
  if (key === 'size') {
    if (op === ':') fail('write size>N, size<N, size>=N or size<=N');
    const size = SIZE.exec(value);
    if (!size) return fail('a size is bytes, such as 100, 1.5k or 2m');
    return { key, op: op as SizeOp, bytes: Number(size[1]) * SIZE_UNITS[size[2]!.toLowerCase()]!, negate };
  }
  if (op !== ':') fail(`write ${key}:value`);
  if (value === '') fail(`${key}: needs a value`);
  switch (key) {
    case 'dir': {
      const dir = DIRECTIONS[value.toLowerCase()];
      return dir ? { key, dir, negate } : fail('dir: is out, in, sent or received');
    }
    case 'type': {
      const type = TYPES.find((t) => t === value.toLowerCase());
      return type ? { key, type, negate } : fail('type: is text, binary or lifecycle');
    }
    case 'event':
      return { key, pattern: compile(`^${escapeRegExp(value)}$`, 'i'), negate };
    case 'is': {
      const is = IS_TERMS.find((t) => t === value.toLowerCase());
      return is ? { key, is, negate } : fail('is: is intercepted, reply or worker');
    }
    case 'action': {
      const action = ACTIONS.find((a) => a === value.toLowerCase());
      return action ? { key, action, negate } : fail('action: is drop, delay, rewrite, respond or pause');
    }
    case 'worker':
      return { key, needle: value.toLowerCase(), negate };
    default:
      return { key: 'conn', needle: value.toLowerCase(), negate };
  }
}

function parseTerms(text: string): Term[] {
  // A whole query that is one regex stays one, even with spaces or `-` inside.
  if (REGEX_SYNTAX.test(text)) return [{ key: 'text', pattern: textPattern(text), negate: false }];
  const terms: Term[] = [];
  const add = (term: Term): void => {
    if (terms.length === MAX_TERMS) throw new QueryError(`More than ${MAX_TERMS} terms`);
    terms.push(term);
  };
  let run: { start: number; end: number } | null = null;
  let keyedSeen = false;
  const endRun = (): void => {
    if (run) add({ key: 'text', pattern: textPattern(text.slice(run.start, run.end)), negate: false });
    run = null;
  };
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const negate = token.length > 1 && token.startsWith('-');
    const body = negate ? token.slice(1) : token;
    const keyed = KEYED.exec(body);
    const key = keyed?.[1]!.toLowerCase();
    if (keyed && key !== undefined && KEYS.has(key)) {
      endRun();
      keyedSeen = true;
      add(keyedTerm(token, key, keyed[2]!, keyed[3]!, negate));
    } else if (negate) {
      endRun();
      keyedSeen = true;
      add({ key: 'text', pattern: textPattern(body), negate: true });
    } else if (run) {
      run.end = match.index + token.length;
    } else {
      run = { start: match.index, end: match.index + token.length };
    }
  }
  // Without terms the text is searched as typed, surrounding spaces included, as it always was.
  if (!keyedSeen) return text === '' ? [] : [{ key: 'text', pattern: textPattern(text), negate: false }];
  endRun();
  return terms;
}

export function parseQuery(text: string): Query {
  try {
    return { kind: 'terms', terms: parseTerms(text) };
  } catch (error) {
    if (error instanceof QueryError) return { kind: 'invalid', message: error.message };
    throw error;
  }
}
