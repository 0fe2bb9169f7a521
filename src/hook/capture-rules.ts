/**
 * Which HTTP responses Frametap captures, decided when a response's headers arrive, in a few
 * regular-expression tests and one table lookup: a stream by its content type; a long-polling
 * transport by its URL; a URL the user listed in Settings; or a request repeated on an interval.
 * Everything else passes through without its body ever being touched.
 */
import type { Framing } from '../shared/protocol';
import {
  apply,
  objectCreate,
  regExpExec,
  stringIndexOf,
  stringSlice,
} from './natives';

export interface Capture {
  /** `stream`: the response is a stream of messages; `poll`: one exchange of a polling channel. */
  kind: 'stream' | 'poll';
  framing: Framing;
  /** `poll`: what groups its exchanges into one channel, and the URL that names it (without cache busters). */
  channelKey: string;
  channelUrl: string;
  boundary?: string;
  engineIoVersion?: number;
  /** Set when found by its rhythm: the interval between the requests. */
  intervalMs?: number;
}

const exec = (pattern: RegExp, text: string): RegExpExecArray | null => apply(regExpExec, pattern, [text]) as RegExpExecArray | null;

/** Objects, not pairs: destructuring an array runs the page's `Array.prototype[Symbol.iterator]`. */
interface Rule {
  pattern: RegExp;
  framing: Framing;
}

/**
 * Every response is tested: one expression for all the stream types and one for all the transports
 * tell at once that most are neither, before the rules say which.
 */
const ANY_STREAM_TYPE = /^\s*(?:text\/event-stream|application\/|multipart\/x-mixed-replace)/i;
const ANY_TRANSPORT = /transport=|\/xhr|\/meta\/connect|\/cometd\//;

const STREAM_TYPES: readonly Rule[] = [
  { pattern: /^\s*text\/event-stream\s*(?:;|$)/i, framing: 'sse' },
  { pattern: /^\s*application\/(?:x-)?(?:ndjson|jsonl|jsonlines|json-lines|stream\+json)\s*(?:;|$)/i, framing: 'ndjson' },
  { pattern: /^\s*application\/json-seq\s*(?:;|$)/i, framing: 'json-seq' },
  { pattern: /^\s*multipart\/x-mixed-replace\s*(?:;|$)/i, framing: 'multipart' },
];
const BOUNDARY = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;,]{1,70}))/i;
const TEXTUAL = /^\s*(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|javascript|x-www-form-urlencoded))/i;

/** The first rule whose pattern `text` matches. */
function ruleFor(rules: readonly Rule[], text: string): Rule | null {
  for (let i = 0; i < rules.length; i++) if (exec((rules[i] as Rule).pattern, text) !== null) return rules[i] as Rule;
  return null;
}

/** Whether a body of this Content-Type is text, to show as such when it is kept whole. */
export const isTextualType = (contentType: string): boolean => exec(TEXTUAL, contentType) !== null;

/** Long-polling transports, by URL: the packets of each are what its framing cuts. */
const TRANSPORTS: readonly Rule[] = [
  { pattern: /[?&]transport=polling(?:[&#]|$)/, framing: 'engine.io' },
  { pattern: /\/[^/?#]+\/[^/?#]+\/(?:xhr|xhr_streaming|xhr_send)(?:[?#]|$)/, framing: 'sockjs' },
  { pattern: /[?&]transport=(?:longPolling|serverSentEvents)(?:[&#]|$)/i, framing: 'signalr' },
  { pattern: /\/meta\/connect(?:[/?#]|$)|\/cometd\/(?:connect|handshake)(?:[/?#]|$)/, framing: 'whole' },
];
const ENGINE_IO_3 = /[?&]EIO=3(?:[&#]|$)/;

/**
 * Query parameters that make each request of one feed unique: cache busters, timestamps, and the
 * cursor a long poll sends to say what it has seen.
 */
const CACHE_BUSTER = /^(?:_|t|ts|timestamp|cb|cachebust(?:er)?|nocache|nonce|rnd|rand|random|since|cursor|after|last|lastEventId|last_event_id|seq)(?:=|$)|=\d{9,}$/;
/** And those that a transport changes from request to request of one session. */
const SESSION_PARAM = /^(?:_|t|ts|timestamp|cb|nocache|rnd|sid|id|connectionToken|messageId)(?:=|$)|=\d{9,}$/;

const slice = (text: string, from: number, to?: number): string => apply(stringSlice, text, to === undefined ? [from] : [from, to]) as string;

/** Whether any query parameter of `url` may be volatile: most URLs have none, and skip the cut. */
const MAYBE_VOLATILE =
  /[?&](?:_|t|ts|timestamp|cb|cachebust(?:er)?|nocache|nonce|rnd|rand|random|since|cursor|after|last|lastEventId|last_event_id|seq|sid|id|connectionToken|messageId)(?:[=&#]|$)|=\d{9}|#/;

/** What names a channel: the URL without `volatile` parameters or fragment. */
function channelUrlOf(url: string, volatile: RegExp): string {
  if (exec(MAYBE_VOLATILE, url) === null) return url;
  const hash = apply(stringIndexOf, url, ['#']) as number;
  const rest = hash === -1 ? url : slice(url, 0, hash);
  const query = apply(stringIndexOf, rest, ['?']) as number;
  if (query === -1) return rest;
  let kept = '';
  for (let from = query + 1; from <= rest.length; ) {
    let end = apply(stringIndexOf, rest, ['&', from]) as number;
    if (end === -1) end = rest.length;
    const param = slice(rest, from, end);
    if (param !== '' && exec(volatile, param) === null) kept = kept === '' ? param : `${kept}&${param}`;
    from = end + 1;
  }
  return kept === '' ? slice(rest, 0, query) : `${slice(rest, 0, query)}?${kept}`;
}

const pathOf = (url: string): string => {
  const query = apply(stringIndexOf, url, ['?']) as number;
  return query === -1 ? url : slice(url, 0, query);
};

/** `*` matches anything; a pattern without one matches any URL that contains it. */
const SPECIALS = /[\\^$.+?()[\]{}|/]/;
function compile(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    source += char === '*' ? '.*' : exec(SPECIALS, char) ? `\\${char}` : char;
  }
  return new RegExp(source, 'i');
}

/** How a request to one channel was timed so far. */
interface Rhythm {
  count: number;
  last: number;
  interval: number;
  polling: boolean;
}

/** Requests of this many distinct channels are timed at most; beyond, the table starts over. */
const MAX_TIMED_CHANNELS = 512;
/** Three requests at a steady interval of at least this make a polled URL. */
const MIN_POLL_INTERVAL_MS = 200;
const abs = (x: number): number => (x < 0 ? -x : x);
/** How far an interval may stray from the last one and still be the same rhythm. */
const tolerance = (interval: number): number => (interval / 4 > 50 ? interval / 4 : 50);
const newTable = (): Record<string, Rhythm | undefined> => objectCreate(null) as Record<string, Rhythm | undefined>;

export interface CaptureRules {
  /** What to capture of a response to `method url` with this Content-Type, sent at `requestTime`. */
  captureOf(method: string, url: string, contentType: string | null, requestTime: number): Capture | null;
  /** The user's "also capture these URLs", already checked by the relay: a few hundred short strings at most. */
  setUserPatterns(patterns: readonly string[]): void;
}

export function createCaptureRules(): CaptureRules {
  let userPatterns: RegExp[] = [];
  let rhythms = newTable();
  let timedChannels = 0;

  function matchesUserPattern(url: string): boolean {
    for (let i = 0; i < userPatterns.length; i++) if (exec(userPatterns[i] as RegExp, url) !== null) return true;
    return false;
  }

  /** Times a request of `key`: whether its URL is being polled (from its third request on). */
  function timed(key: string, requestTime: number): Rhythm {
    const rhythm = rhythms[key];
    if (!rhythm) {
      if (timedChannels >= MAX_TIMED_CHANNELS) {
        rhythms = newTable();
        timedChannels = 0;
      }
      timedChannels += 1;
      const first: Rhythm = { count: 1, last: requestTime, interval: 0, polling: false };
      rhythms[key] = first;
      return first;
    }
    const interval = requestTime - rhythm.last;
    rhythm.count += 1;
    rhythm.last = requestTime;
    if (!rhythm.polling) {
      rhythm.polling = rhythm.count > 2 && interval >= MIN_POLL_INTERVAL_MS && abs(interval - rhythm.interval) <= tolerance(rhythm.interval);
    }
    rhythm.interval = interval;
    return rhythm;
  }

  return {
    captureOf(method, url, contentType, requestTime) {
      const type = contentType ?? '';
      const stream = exec(ANY_STREAM_TYPE, type) !== null ? ruleFor(STREAM_TYPES, type) : null;
      if (stream) {
        const boundary = stream.framing === 'multipart' ? exec(BOUNDARY, type) : null;
        return { kind: 'stream', framing: stream.framing, channelKey: '', channelUrl: url, boundary: boundary ? (boundary[1] ?? boundary[2]) : undefined };
      }
      const transport = exec(ANY_TRANSPORT, url) !== null ? ruleFor(TRANSPORTS, url) : null;
      if (transport) {
        // A transport's sends and polls are one channel, whatever their methods.
        const engineIoVersion = transport.framing === 'engine.io' ? (exec(ENGINE_IO_3, url) ? 3 : 4) : undefined;
        const channelUrl = channelUrlOf(url, SESSION_PARAM);
        return { kind: 'poll', framing: transport.framing, channelKey: channelUrl, channelUrl, engineIoVersion };
      }
      const channelUrl = channelUrlOf(url, CACHE_BUSTER);
      // A listed URL's query is its cursor, sequence number or filter: its path names the channel.
      if (matchesUserPattern(url)) return { kind: 'poll', framing: 'whole', channelKey: `${method} ${pathOf(channelUrl)}`, channelUrl };
      const channelKey = `${method} ${channelUrl}`;
      const rhythm = timed(channelKey, requestTime);
      return rhythm.polling ? { kind: 'poll', framing: 'whole', channelKey, channelUrl, intervalMs: rhythm.interval } : null;
    },
    setUserPatterns(patterns) {
      const compiled: RegExp[] = [];
      for (let i = 0; i < patterns.length; i++) {
        const pattern = patterns[i] as string;
        if (pattern.length > 0) compiled[compiled.length] = compile(pattern);
      }
      userPatterns = compiled;
    },
  };
}
