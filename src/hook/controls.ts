/**
 * The hook's end of the relay's controls (HookControl): read, checked, and handed to the emitter,
 * the capture rules (URL patterns) or the interceptor (intercept rules).
 */
import { EVENT_HOOK_CONTROL } from '../shared/constants';
import type { HookControl } from '../shared/protocol';
import { MAX_CAPTURE_PATTERNS, MAX_CAPTURE_PATTERN_LENGTH } from '../shared/capture-patterns';
import type { CaptureRules } from './capture-rules';
import type { Emitter } from './emitter';
import { addEventListener, apply, customEventDetail, isArray, read } from './natives';
import { field, parseRelayText } from './relay-text';
import { compileRules, type CompiledRule } from './intercept/compiled-rule';
import { setRules } from './intercept/interceptor';

const NO_RULES: readonly CompiledRule[] = [];

/** The relay checked them already; this keeps the list to strings of bounded number and length. */
function patternsOf(value: unknown): string[] | null {
  if (!isArray(value) || value.length > MAX_CAPTURE_PATTERNS) return null;
  const patterns: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const pattern = field(value, `${i}`);
    if (typeof pattern !== 'string' || pattern.length > MAX_CAPTURE_PATTERN_LENGTH) return null;
    patterns[i] = pattern;
  }
  return patterns;
}

/** A control once read: the rules compiled, ready to apply. */
type Control = Exclude<HookControl, { op: 'rules' }> | { op: 'rules'; rules: readonly CompiledRule[] };

function controlOf(json: object | null): Control | null {
  if (!json) return null;
  const op = field(json, 'op');
  if (op === 'detach') return { op };
  if (op === 'attach') {
    const replay = field(json, 'replay');
    return typeof replay === 'boolean' ? { op, replay } : null;
  }
  if (op === 'patterns') {
    const patterns = patternsOf(field(json, 'patterns'));
    return patterns ? { op, patterns } : null;
  }
  if (op === 'rules') {
    // A list that does not read whole applies none of it, and none of the rules before it either.
    return { op, rules: compileRules(field(json, 'rules')) ?? NO_RULES };
  }
  const maxBytes = field(json, 'maxBytes');
  // The relay passes on what the service worker clamped; this only keeps the budget a number.
  return op === 'budget' && typeof maxBytes === 'number' && maxBytes === maxBytes ? { op, maxBytes } : null;
}

/** Applies one control, as the relay (or, in a worker, the debugger) wrote it. */
export function applyControl(text: unknown, emitter: Emitter, rules: CaptureRules): void {
  const control = controlOf(parseRelayText(text));
  if (!control) return;
  if (control.op === 'patterns') return rules.setUserPatterns(control.patterns);
  if (control.op === 'rules') return setRules(control.rules);
  // Rules hold only while a panel reads: without one, nobody would see what they do.
  if (control.op === 'detach') setRules(NO_RULES);
  emitter.control(control);
}

export function listenForControls(channel: EventTarget, emitter: Emitter, rules: CaptureRules): void {
  apply(addEventListener, channel, [EVENT_HOOK_CONTROL, (event: Event) => applyControl(read(customEventDetail, event), emitter, rules)]);
}
