/**
 * Intercept rules: what the user writes in the panel's Rules pane, checked and normalized here
 * into the form the page hook applies (HookRule), so that the hook never parses a pattern or a
 * path itself and a rule the panel refused can never reach a page half-formed.
 *
 * A rule applies to the messages of connections whose URL matches `url`, in `direction`, whose
 * payload matches `match` (in the whole message, in one JSON field, or as the name of a Socket.IO
 * event), and does its `action` to them. `block` acts on connections instead: the service worker
 * has the browser refuse new ones whose URL matches.
 */

export type RuleAction = 'drop' | 'delay' | 'rewrite' | 'respond' | 'pause' | 'block';
export type RuleDirection = 'out' | 'in' | 'both';
/** Where `match` looks: the whole message, a JSON field at `path`, or a Socket.IO event's name. */
export type RuleField = 'message' | 'json' | 'event';

/** A rule as the panel edits and stores it. */
export interface InterceptRule {
  id: string;
  enabled: boolean;
  /** Connection URL: text it contains, or `/regex/flags`; empty for every connection. */
  url: string;
  direction: RuleDirection;
  /** Payload: text it contains (equals, for a field or an event name), or `/regex/flags`; empty for every message. */
  match: string;
  field: RuleField;
  /** `json`: the field, as `a.b[0].c`. */
  path: string;
  action: RuleAction;
  /** `rewrite`: the new text (`$1` for a regex's groups), or the field's new JSON value; `respond`: the reply. */
  replacement: string;
  /** `rewrite` of a JSON field: delete it instead of setting it. */
  deleteField: boolean;
  /** `delay`: how long; `respond`: how long before the reply. */
  delayMs: number;
  /** `respond`: the original message goes on to the server as well. */
  passThrough: boolean;
}

/** A rule that drops every message of every connection, with `fields` in place of those defaults. */
export function interceptRule(id: string, fields: Partial<Omit<InterceptRule, 'id'>> = {}): InterceptRule {
  return {
    id,
    enabled: true,
    url: '',
    direction: 'both',
    match: '',
    field: 'message',
    path: '',
    action: 'drop',
    replacement: '',
    deleteField: false,
    delayMs: 0,
    passThrough: false,
    ...fields,
  };
}

/** A pattern once parsed: text to find, or a regular expression's source and flags. */
export type Pattern = { text: string } | { source: string; flags: string };

/** A rule as the hook applies it: every pattern and path already parsed and checked. */
export interface HookRule {
  id: string;
  url: Pattern | null;
  direction: RuleDirection;
  match: Pattern | null;
  field: RuleField;
  path: (string | number)[];
  action: Exclude<RuleAction, 'block'>;
  replacement: string;
  deleteField: boolean;
  delayMs: number;
  passThrough: boolean;
}

export const MAX_RULES = 50;
export const MAX_RULE_ID_LENGTH = 40;
const MAX_RULE_TEXT_LENGTH = 2000;
/** A day: a longer delay is a mistake, and would keep the page's messages for ever. */
const MAX_RULE_DELAY_MS = 86_400_000;
const MAX_PATH_SEGMENTS = 32;

const RULE_ACTIONS: readonly RuleAction[] = ['drop', 'delay', 'rewrite', 'respond', 'pause', 'block'];
const RULE_DIRECTIONS: readonly RuleDirection[] = ['out', 'in', 'both'];
const RULE_FIELDS: readonly RuleField[] = ['message', 'json', 'event'];

/** Each origin's rules, in the extension's own `storage.local`, which no content script may read or write. */
export const rulesKeyOf = (origin: string): string => `frametap:rules:${origin}`;

/** Flags only: `/ws/echo` is a path, not the regex `ws` with flags `echo`. */
const REGEX_LITERAL = /^\/(.*)\/([dgimsuvy]*)$/s;
const ALLOWED_FLAGS = /^(?!.*(.).*\1)[dgimsuvy]*$/;

/**
 * `/source/flags` is a regular expression; anything else (`/ws/echo` too) is text. Throws the
 * reason a regex is invalid.
 */
export function parsePattern(text: string): Pattern | null {
  if (text === '') return null;
  const literal = REGEX_LITERAL.exec(text);
  if (!literal || literal[1] === '') return { text };
  const [, source = '', flags = ''] = literal;
  if (!ALLOWED_FLAGS.test(flags)) throw new Error(`“${flags}” are not valid regular expression flags`);
  try {
    new RegExp(source, flags);
  } catch (error) {
    throw new Error(`Invalid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`, { cause: error });
  }
  return { source, flags };
}

const PATH_SEGMENT = /^(?:\.?([^.[\]]+)|\[(\d+)\])/;

/** `a.b[0].c` (or `a.b.0.c`) as its segments; throws why it is not a path. */
export function parseJsonPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  let rest = path.trim();
  if (rest === '') throw new Error('Give the JSON field’s path, such as user.name or items[0].price');
  while (rest !== '') {
    const segment = PATH_SEGMENT.exec(rest);
    if (!segment || (segments.length === 0 && rest.startsWith('.'))) throw new Error(`“${path}” is not a JSON path such as user.name or items[0].price`);
    const name = segment[1];
    segments.push(name === undefined ? Number(segment[2]) : /^\d+$/.test(name) ? Number(name) : name);
    rest = rest.slice(segment[0].length);
  }
  if (segments.length > MAX_PATH_SEGMENTS) throw new Error(`A JSON path has at most ${MAX_PATH_SEGMENTS} parts`);
  return segments;
}

/** The first reason the rule cannot apply, in words for the pane; null when it can. */
export function ruleProblem(rule: InterceptRule): string | null {
  try {
    toHookRule(rule);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The rule as the hook applies it; throws, with the reason, when it cannot apply. */
function toHookRule(rule: InterceptRule): HookRule | null {
  for (const text of [rule.url, rule.match, rule.path, rule.replacement]) {
    if (text.length > MAX_RULE_TEXT_LENGTH) throw new Error(`A rule’s text is at most ${MAX_RULE_TEXT_LENGTH} characters`);
  }
  let url: Pattern | null;
  try {
    url = parsePattern(rule.url.trim());
  } catch (error) {
    throw new Error(`Connection: ${(error as Error).message}`, { cause: error });
  }
  if (rule.action === 'block') {
    if (!url) throw new Error('Say which connections to block: part of their URL, or /regex/');
    return null;
  }
  const match = parsePattern(rule.match);
  const path = rule.field === 'json' ? parseJsonPath(rule.path) : [];
  if (!Number.isSafeInteger(rule.delayMs) || rule.delayMs < 0 || rule.delayMs > MAX_RULE_DELAY_MS) {
    throw new Error('The delay is a whole number of milliseconds, at most a day');
  }
  if (rule.action === 'delay' && rule.delayMs === 0) throw new Error('Give the delay in milliseconds');
  if (rule.action === 'respond' && rule.direction !== 'out') throw new Error('A rule that responds acts on sent messages');
  if (rule.action === 'respond' && rule.replacement === '') throw new Error('Give the reply to deliver');
  return {
    id: rule.id,
    url,
    direction: rule.direction,
    match,
    field: rule.field,
    path,
    action: rule.action,
    replacement: rule.replacement,
    deleteField: rule.deleteField,
    delayMs: rule.delayMs,
    passThrough: rule.passThrough,
  };
}

/** The enabled rules that apply to messages, as the hook applies them; rules with a problem are left out. */
export function hookRulesOf(rules: readonly InterceptRule[]): HookRule[] {
  const hookRules: HookRule[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    try {
      const hookRule = toHookRule(rule);
      if (hookRule) hookRules.push(hookRule);
    } catch {
      // The pane shows the problem; a rule with one never applies.
    }
  }
  return hookRules;
}

/** The enabled, valid `block` rules' URL patterns. */
export function blockedUrlPatterns(rules: readonly InterceptRule[]): Pattern[] {
  return rules.filter((rule) => rule.enabled && rule.action === 'block' && ruleProblem(rule) === null).map((rule) => parsePattern(rule.url.trim()) as Pattern);
}

const isString = (x: unknown): x is string => typeof x === 'string';
const isOneOf = <T>(x: unknown, values: readonly T[]): x is T => values.includes(x as T);

/** A stored rule, read back: untrusted, so checked field by field; null when it is not a rule. */
function ruleOf(x: unknown): InterceptRule | null {
  if (typeof x !== 'object' || x === null) return null;
  const r = x as Record<string, unknown>;
  if (!isString(r.id) || r.id === '' || r.id.length > MAX_RULE_ID_LENGTH) return null;
  if (!isOneOf(r.direction, RULE_DIRECTIONS) || !isOneOf(r.field, RULE_FIELDS) || !isOneOf(r.action, RULE_ACTIONS)) return null;
  const texts = [r.url, r.match, r.path, r.replacement];
  if (!texts.every((text) => isString(text) && text.length <= MAX_RULE_TEXT_LENGTH)) return null;
  if (typeof r.enabled !== 'boolean' || typeof r.deleteField !== 'boolean' || typeof r.passThrough !== 'boolean') return null;
  if (!Number.isSafeInteger(r.delayMs) || (r.delayMs as number) < 0) return null;
  return {
    id: r.id,
    enabled: r.enabled,
    url: r.url as string,
    direction: r.direction,
    match: r.match as string,
    field: r.field,
    path: r.path as string,
    action: r.action,
    replacement: r.replacement as string,
    deleteField: r.deleteField,
    delayMs: r.delayMs as number,
    passThrough: r.passThrough,
  };
}

/** Rules read back from storage: the valid ones, at most MAX_RULES, ids unique. */
export function validRules(x: unknown): InterceptRule[] {
  if (!Array.isArray(x)) return [];
  const rules: InterceptRule[] = [];
  for (const item of x) {
    const rule = ruleOf(item);
    if (rule && !rules.some((other) => other.id === rule.id)) rules.push(rule);
    if (rules.length === MAX_RULES) break;
  }
  return rules;
}

const isPattern = (x: unknown): x is Pattern => {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  if ('text' in p) return isString(p.text) && p.text !== '' && p.text.length <= MAX_RULE_TEXT_LENGTH;
  return isString(p.source) && p.source.length <= MAX_RULE_TEXT_LENGTH && isString(p.flags) && ALLOWED_FLAGS.test(p.flags);
};

const isPathSegment = (x: unknown): boolean => (isString(x) && x !== '' && x.length <= MAX_RULE_TEXT_LENGTH) || (Number.isSafeInteger(x) && (x as number) >= 0);

/** A HookRule as the service worker and the relay receive it: checked again at each boundary. */
export function isHookRule(x: unknown): x is HookRule {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    isString(r.id) && r.id !== '' && r.id.length <= MAX_RULE_ID_LENGTH &&
    (r.url === null || isPattern(r.url)) &&
    isOneOf(r.direction, RULE_DIRECTIONS) &&
    (r.match === null || isPattern(r.match)) &&
    isOneOf(r.field, RULE_FIELDS) &&
    Array.isArray(r.path) && r.path.length <= MAX_PATH_SEGMENTS && r.path.every(isPathSegment) &&
    isOneOf(r.action, RULE_ACTIONS) && r.action !== 'block' &&
    isString(r.replacement) && r.replacement.length <= MAX_RULE_TEXT_LENGTH &&
    typeof r.deleteField === 'boolean' &&
    Number.isSafeInteger(r.delayMs) && (r.delayMs as number) >= 0 && (r.delayMs as number) <= MAX_RULE_DELAY_MS &&
    typeof r.passThrough === 'boolean'
  );
}

export const isHookRuleList = (x: unknown): x is HookRule[] => Array.isArray(x) && x.length <= MAX_RULES && x.every(isHookRule);
export const isPatternList = (x: unknown): x is Pattern[] => Array.isArray(x) && x.length <= MAX_RULES && x.every(isPattern);
