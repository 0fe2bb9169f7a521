/**
 * Which rule acts on a message, and what a Rewrite or a Respond makes of it.
 *
 * The first rule in the pane's order that matches wins. A binary message is matched only by rules
 * that take every message (no Match); a text longer than MAX_MATCHED_CHARS likewise, so that a
 * user's pattern never scans a huge frame on the page's main thread.
 */
import type { Direction } from '../../shared/protocol';
import { apply, charCodeAt, fromCharCode, jsonParse, regExpExec, stringIndexOf, stringSlice } from '../natives';
import { appliesTo, execFromStart, type CompiledRule } from './compiled-rule';
import { editAt, fieldText, parseJsonMessage, socketIoEventName, valueAt, writeJson, type JsonMessage } from './json-message';

const MAX_MATCHED_CHARS = 4 * 1024 * 1024;

export interface RuleMatch {
  rule: CompiledRule;
  /** A regex's match (its groups fill `$1` in a replacement), or null. */
  groups: RegExpExecArray | null;
  /** A JSON-field rule's parsed message. */
  json: JsonMessage | null;
}

/** A field's value or an event's name is matched whole by text, and searched by a regex. */
function matchesWhole(rule: CompiledRule, value: string): RegExpExecArray | null | false {
  const { match } = rule;
  if (match === null) return null;
  if (match.text !== null) return value === match.text ? null : false;
  return match.find(value) as RegExpExecArray | null ?? false;
}

/** A message as rules look at it: its text, and its JSON, parsed once, the first time a rule asks. */
interface Subject {
  text: string;
  json: JsonMessage | null | undefined;
}

const jsonOf = (subject: Subject): JsonMessage | null => (subject.json === undefined ? (subject.json = parseJsonMessage(subject.text)) : subject.json);

function matchOf(rule: CompiledRule, subject: Subject | null): RuleMatch | null {
  const takesAll = rule.match === null && rule.field === 'message';
  if (takesAll) return { rule, groups: null, json: null };
  if (subject === null) return null;
  const { text } = subject;
  if (rule.field === 'message') {
    const found = (rule.match as NonNullable<CompiledRule['match']>).find(text);
    return found === null ? null : { rule, groups: typeof found === 'string' ? null : found, json: null };
  }
  if (rule.field === 'event') {
    const name = socketIoEventName(text, jsonOf(subject));
    const groups = name === null ? false : matchesWhole(rule, name);
    return groups === false ? null : { rule, groups, json: null };
  }
  const json = jsonOf(subject);
  const value = json ? fieldText(valueAt(json.value, rule.path)) : null;
  const groups = value === null ? false : matchesWhole(rule, value);
  return groups === false ? null : { rule, groups, json };
}

/** The first rule that acts on a message of this connection in this direction, or null. */
export function firstMatch(rules: readonly CompiledRule[], url: string, dir: Direction, text: string | null): RuleMatch | null {
  const subject: Subject | null = text === null || text.length > MAX_MATCHED_CHARS ? null : { text, json: undefined };
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as CompiledRule;
    if (!appliesTo(rule, url, dir)) continue;
    const match = matchOf(rule, subject);
    if (match) return match;
  }
  return null;
}

const DOLLAR = 36;
const AMPERSAND = 38;
const isDigit = (unit: number): boolean => unit >= 48 && unit <= 57;

/** `replacement` with `$&`, `$1`…`$99` and `$$` filled in from a regex's match, as String#replace does. */
export function expand(replacement: string, groups: RegExpExecArray | null): string {
  if (!groups || (apply(stringIndexOf, replacement, ['$']) as number) === -1) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const unit: number = apply(charCodeAt, replacement, [i]);
    const next: number = i + 1 < replacement.length ? apply(charCodeAt, replacement, [i + 1]) : -1;
    if (unit !== DOLLAR || next === -1) {
      out += apply(fromCharCode, null, [unit]) as string;
    } else if (next === DOLLAR) {
      out += '$';
      i += 1;
    } else if (next === AMPERSAND) {
      out += groups[0];
      i += 1;
    } else if (isDigit(next)) {
      const after: number = i + 2 < replacement.length ? apply(charCodeAt, replacement, [i + 2]) : -1;
      const two = isDigit(after) ? (next - 48) * 10 + (after - 48) : -1;
      const index = two > 0 && two < groups.length ? two : next - 48;
      if (index === 0 || index >= groups.length) out += '$';
      else {
        out += groups[index] ?? '';
        i += index === two ? 2 : 1;
      }
    } else out += '$';
  }
  return out;
}

/** Every occurrence of `text` in `subject` replaced by `replacement`. */
function replaceText(subject: string, text: string, replacement: string): string {
  let out = '';
  let from = 0;
  for (let at = apply(stringIndexOf, subject, [text]) as number; at !== -1; at = apply(stringIndexOf, subject, [text, from]) as number) {
    out += (apply(stringSlice, subject, [from, at]) as string) + replacement;
    from = at + text.length;
  }
  return out + (apply(stringSlice, subject, [from]) as string);
}

/** Each match of `regex` (only the first, without the `g` flag) replaced, `$1` filled in. */
function replaceRegex(subject: string, regex: RegExp, global: boolean, replacement: string): string {
  let out = '';
  let from = 0;
  for (let found = execFromStart(regex, subject); found; found = global ? (apply(regExpExec, regex, [subject]) as RegExpExecArray | null) : null) {
    out += (apply(stringSlice, subject, [from, found.index]) as string) + expand(replacement, found);
    from = found.index + found[0].length;
    // An empty match would be found again at the same place for ever.
    if (found[0].length === 0) regex.lastIndex += 1;
  }
  return out + (apply(stringSlice, subject, [from]) as string);
}

/** A Rewrite's new text for the message, or null when the rewrite cannot be made (the message then goes as it was). */
export function rewrite(match: RuleMatch, text: string | null): string | null {
  const { rule } = match;
  if (rule.field === 'json') {
    const json = match.json;
    if (!json) return null;
    let value: unknown;
    if (!rule.deleteField) {
      try {
        value = apply(jsonParse, null, [rule.replacement]);
      } catch {
        value = rule.replacement;
      }
    }
    if (!editAt(json.value, rule.path, value)) return null;
    const written = writeJson(json.value);
    return written === null ? null : json.prefix + written;
  }
  if (rule.field === 'event' || rule.match === null || text === null) return rule.replacement;
  if (rule.match.text !== null) return replaceText(text, rule.match.text, rule.replacement);
  return replaceRegex(text, rule.match.regex as RegExp, rule.match.global, rule.replacement);
}

/** A Respond's reply: its text, `$1` filled in from the request when the rule's Match is a regex. */
export const replyOf = (match: RuleMatch): string => expand(match.rule.replacement, match.groups);
