/**
 * The panel's rules (HookRule, checked by the relay and parsed by the panel) made ready to apply:
 * every regular expression built once, with the saved constructor, and matched with the saved
 * `exec`, so that neither a page's patched `RegExp.prototype` nor its `String.prototype` can see or
 * change what a rule does.
 *
 * The rules arrive as JSON text from the relay, and are read through own data properties only
 * (relay-text.ts); a rule that does not read as one is left out whole, never applied half-way.
 */
import { MAX_RULES, type RuleDirection, type RuleField } from '../../shared/intercept-rules';
import type { Direction, InterceptAction } from '../../shared/protocol';
import { RegExpCtor, apply, construct, isArray, regExpExec, stringIndexOf } from '../natives';
import { field } from '../relay-text';

/** Finds a pattern in a text: the match (with its groups) for a regex, a bare hit for text. */
interface Matcher {
  /** Where and what the pattern found in `text`, or null. */
  find(text: string): RegExpExecArray | string | null;
  /** Text patterns: the text; regex: the expression (its `g` flag says whether a rewrite replaces every match). */
  readonly text: string | null;
  readonly regex: RegExp | null;
  /** The regex has the `g` flag (read from the flags, not from the page's `RegExp.prototype.global`). */
  readonly global: boolean;
}

export interface CompiledRule {
  id: string;
  url: Matcher | null;
  direction: RuleDirection;
  match: Matcher | null;
  field: RuleField;
  path: (string | number)[];
  action: InterceptAction;
  replacement: string;
  deleteField: boolean;
  delayMs: number;
  passThrough: boolean;
}

const ACTIONS: readonly string[] = ['drop', 'delay', 'rewrite', 'respond', 'pause'];
const DIRECTIONS: readonly string[] = ['out', 'in', 'both'];
const FIELDS: readonly string[] = ['message', 'json', 'event'];

const oneOf = (value: unknown, values: readonly string[]): boolean => {
  for (let i = 0; i < values.length; i++) if (values[i] === value) return true;
  return false;
};

/** Runs `regex` on `text` from its start, whatever an earlier run left in `lastIndex`. */
export function execFromStart(regex: RegExp, text: string): RegExpExecArray | null {
  regex.lastIndex = 0;
  return apply(regExpExec, regex, [text]) as RegExpExecArray | null;
}

function matcherOf(pattern: unknown): Matcher | null | undefined {
  if (pattern === null) return null;
  if (typeof pattern !== 'object') return undefined;
  const text = field(pattern, 'text');
  if (typeof text === 'string') {
    return { text, regex: null, global: false, find: (subject) => ((apply(stringIndexOf, subject, [text]) as number) === -1 ? null : text) };
  }
  const source = field(pattern, 'source');
  const flags = field(pattern, 'flags');
  if (typeof source !== 'string' || typeof flags !== 'string') return undefined;
  let regex: RegExp;
  try {
    regex = construct(RegExpCtor, [source, flags]) as RegExp;
  } catch {
    return undefined;
  }
  const global = (apply(stringIndexOf, flags, ['g']) as number) !== -1;
  return { text: null, regex, global, find: (subject) => execFromStart(regex, subject) };
}

function pathOf(value: unknown): (string | number)[] | null {
  if (!isArray(value)) return null;
  const path: (string | number)[] = [];
  for (let i = 0; i < value.length; i++) {
    const segment = field(value, `${i}`);
    if (typeof segment !== 'string' && typeof segment !== 'number') return null;
    path[i] = segment;
  }
  return path;
}

function ruleOf(json: object): CompiledRule | null {
  const id = field(json, 'id');
  const direction = field(json, 'direction');
  const ruleField = field(json, 'field');
  const action = field(json, 'action');
  const replacement = field(json, 'replacement');
  const deleteField = field(json, 'deleteField');
  const delayMs = field(json, 'delayMs');
  const passThrough = field(json, 'passThrough');
  const url = matcherOf(field(json, 'url'));
  const match = matcherOf(field(json, 'match'));
  const path = pathOf(field(json, 'path'));
  if (typeof id !== 'string' || !oneOf(direction, DIRECTIONS) || !oneOf(ruleField, FIELDS) || !oneOf(action, ACTIONS)) return null;
  if (typeof replacement !== 'string' || typeof deleteField !== 'boolean' || typeof passThrough !== 'boolean') return null;
  if (typeof delayMs !== 'number' || !(delayMs >= 0) || url === undefined || match === undefined || !path) return null;
  return {
    id,
    url,
    direction: direction as RuleDirection,
    match,
    field: ruleField as RuleField,
    path,
    action: action as InterceptAction,
    replacement,
    deleteField,
    delayMs,
    passThrough,
  };
}

/** The rules of a `rules` control; null when it is not a list of rules. */
export function compileRules(value: unknown): CompiledRule[] | null {
  if (!isArray(value) || value.length > MAX_RULES) return null;
  const rules: CompiledRule[] = [];
  for (let i = 0; i < value.length; i++) {
    const item = field(value, `${i}`);
    const rule = typeof item === 'object' && item !== null ? ruleOf(item) : null;
    if (!rule) return null;
    rules[i] = rule;
  }
  return rules;
}

/** The rule acts on this connection's messages in this direction. */
export function appliesTo(rule: CompiledRule, url: string, dir: Direction): boolean {
  return (rule.direction === 'both' || rule.direction === dir) && (rule.url === null || rule.url.find(url) !== null);
}
