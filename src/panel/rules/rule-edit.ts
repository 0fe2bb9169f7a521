/**
 * The rules pane's edits, pure: a new rule, one field changed, the rules the hook stopped turned
 * off, what counts as active, and a rule in a few words for the grid's details.
 */
import { MAX_RULES, interceptRule, ruleProblem, type InterceptRule, type RuleAction, type RuleDirection } from '../../shared/intercept-rules';

/** A new rule for the connection at `url` (the selected one's, or empty for all). */
export function newRule(id: string, url: string): InterceptRule {
  // Its action is replaced when the user picks one: until then the rule is a draft (rules-model.ts).
  return interceptRule(id, { url });
}

export const canAddRule = (rules: readonly InterceptRule[]): boolean => rules.length < MAX_RULES;

export function withRuleChanged(rules: readonly InterceptRule[], id: string, change: Partial<Omit<InterceptRule, 'id'>>): InterceptRule[] {
  return rules.map((rule) => (rule.id === id ? { ...rule, ...change } : rule));
}

/** The rules with those the hook stopped turned off: they stay so until the user turns them on again. */
export function withRulesDisabled(rules: readonly InterceptRule[], ids: readonly string[]): InterceptRule[] {
  return rules.map((rule) => (rule.enabled && ids.includes(rule.id) ? { ...rule, enabled: false } : rule));
}

/** Enabled and valid: what the hook and the browser apply (a block rule too). */
export const isRuleActive = (rule: InterceptRule): boolean => rule.enabled && ruleProblem(rule) === null;

const ACTION_VERBS: Readonly<Record<RuleAction, string>> = {
  drop: 'Drop',
  delay: 'Delay',
  rewrite: 'Rewrite',
  respond: 'Respond to',
  pause: 'Pause',
  block: 'Block',
};
const DIRECTION_WORDS: Readonly<Record<RuleDirection, string>> = { out: 'sent', in: 'received', both: 'all' };

function matchWords({ match, field, path }: InterceptRule): string {
  if (match === '') return 'messages';
  if (field === 'json') return `messages whose ${path === '' ? 'field' : path} matches “${match}”`;
  if (field === 'event') return `“${match}” events`;
  return `messages matching “${match}”`;
}

/** "Drop sent messages matching “ping” on /ws/echo": what the rule does, for the details pane and its tooltips. */
export function ruleSummary(rule: InterceptRule): string {
  const on = rule.url === '' ? '' : ` on ${rule.url}`;
  if (rule.action === 'block') return `Block connections${on}`;
  return `${ACTION_VERBS[rule.action]} ${DIRECTION_WORDS[rule.direction]} ${matchWords(rule)}${on}`;
}
