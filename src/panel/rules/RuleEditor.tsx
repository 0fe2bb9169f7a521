/**
 * One rule in the Rules pane: every field labelled, only those its action uses shown, its
 * problem (if any) beside it, and how often it matched. Each change applies at once.
 */
import { askForPermission } from '../optional-permission';
import { useEffect, useRef } from 'preact/hooks';
import type { InterceptRule, RuleAction, RuleDirection, RuleField } from '../../shared/intercept-rules';
import { plural } from '../format/count';

const ACTIONS: readonly (readonly [RuleAction, string])[] = [
  ['drop', 'Drop'],
  ['delay', 'Delay'],
  ['rewrite', 'Rewrite'],
  ['respond', 'Respond'],
  ['pause', 'Pause'],
  ['block', 'Block connection'],
];
const DIRECTIONS: readonly (readonly [RuleDirection, string])[] = [
  ['out', 'Sent'],
  ['in', 'Received'],
  ['both', 'Both'],
];
const FIELDS: readonly (readonly [RuleField, string])[] = [
  ['message', 'Message'],
  ['json', 'JSON field'],
  ['event', 'Socket.IO event'],
];

type Change = Partial<Omit<InterceptRule, 'id'>>;

interface Props {
  rule: InterceptRule;
  /** Its position, for its name. */
  number: number;
  /** No action picked yet. */
  draft: boolean;
  /** Why it does not apply, or why Frametap turned it off; null when it applies. */
  problem: string | null;
  matches: number;
  /** Just added: the first field takes the focus. */
  focus: boolean;
  onChange: (change: Change) => void;
  onRemove: () => void;
}

interface TextFieldProps {
  label: string;
  value: string;
  placeholder?: string;
  wide?: boolean;
  onInput: (value: string) => void;
}

function TextField({ label, value, placeholder, wide, onInput }: TextFieldProps) {
  return (
    <label class={wide ? 'rule-field rule-field-wide' : 'rule-field'}>
      <span class="rule-label">{label}</span>
      <input class="composer-input rule-input" spellcheck={false} value={value} placeholder={placeholder} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

function Checkbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label class="rule-check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      {label}
    </label>
  );
}

export function RuleEditor({ rule, number, draft, problem, matches, focus, onChange, onRemove }: Props) {
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) first.current?.querySelector('input')?.focus();
  }, [focus]);
  const { action } = rule;
  const block = action === 'block';
  const problemId = `rule-problem-${number}`;
  return (
    <article
      class={rule.enabled && problem === null && !draft ? 'rule' : 'rule rule-inactive'}
      aria-label={`Rule ${number}`}
      aria-describedby={problem === null ? undefined : problemId}
    >
      <div class="rule-line rule-head">
        <Checkbox label="Enabled" checked={rule.enabled} onChange={(enabled) => onChange({ enabled })} />
        <span class="rule-matches" title="Messages this rule acted on since the last Clear">
          matched {plural(matches, 'time')}
        </span>
        <button type="button" class="toolbar-button rule-delete" aria-label="Delete rule" title="Delete rule" onClick={onRemove}>
          ✕
        </button>
      </div>
      <div class="rule-line">
        <label class="rule-field">
          <span class="rule-label">Action</span>
          <select class="composer-select" value={draft ? '' : action} onChange={(e) => onActionChange(e.currentTarget.value as RuleAction, onChange)}>
            {draft && (
              <option value="" disabled>
                Choose…
              </option>
            )}
            {ACTIONS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        {!block && (
          <label class="rule-field">
            <span class="rule-label">Direction</span>
            <select class="composer-select" value={rule.direction} onChange={(e) => onChange({ direction: e.currentTarget.value as RuleDirection })}>
              {DIRECTIONS.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div class="rule-line" ref={first}>
        <TextField
          label="Connection"
          wide
          value={rule.url}
          placeholder={block ? 'URL contains, or /regex/' : 'URL contains, or /regex/ (empty: all)'}
          onInput={(url) => onChange({ url })}
        />
      </div>
      {!block && (
        <div class="rule-line">
          <label class="rule-field">
            <span class="rule-label">Match in</span>
            <select class="composer-select" value={rule.field} onChange={(e) => onChange({ field: e.currentTarget.value as RuleField })}>
              {FIELDS.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </label>
          {rule.field === 'json' && <TextField label="JSON path" value={rule.path} placeholder="user.name" onInput={(path) => onChange({ path })} />}
          <TextField label="Match" wide value={rule.match} placeholder="text, or /regex/i (empty: every message)" onInput={(match) => onChange({ match })} />
        </div>
      )}
      <ActionFields rule={rule} onChange={onChange} />
      {problem !== null && (
        <div id={problemId} class="rule-problem" aria-live="polite">
          {problem}
        </div>
      )}
    </article>
  );
}

/**
 * A new action. Blocking needs a permission the browser asks the user for, in this gesture; once
 * answered, the rules go again, and the browser takes the block (or says why not).
 */
function onActionChange(action: RuleAction, onChange: (change: Change) => void): void {
  if (action === 'block') void askForPermission('block').then(() => onChange({}));
  onChange({ action });
}

/** What the action needs: the new text or reply, the delay, and their options. */
function ActionFields({ rule, onChange }: { rule: InterceptRule; onChange: (change: Change) => void }) {
  const { action } = rule;
  const rewrite = action === 'rewrite';
  const respond = action === 'respond';
  const deletesField = rewrite && rule.field === 'json' && rule.deleteField;
  if (!rewrite && !respond && action !== 'delay') return null;
  return (
    <div class="rule-line">
      {(rewrite || respond) && !deletesField && (
        <TextField
          label={respond ? 'Reply with' : 'Replace with'}
          wide
          value={rule.replacement}
          placeholder={respond ? 'the reply the page gets' : rule.field === 'json' ? 'the field’s new JSON value' : 'new text ($1 for a regex group)'}
          onInput={(replacement) => onChange({ replacement })}
        />
      )}
      {(action === 'delay' || respond) && (
        <label class="rule-field">
          <span class="rule-label">Delay (ms)</span>
          <input
            class="composer-input rule-delay"
            type="number"
            min={0}
            step={1}
            value={String(rule.delayMs)}
            onInput={(e) => {
              const ms = e.currentTarget.valueAsNumber;
              onChange({ delayMs: Number.isNaN(ms) ? 0 : Math.max(0, Math.trunc(ms)) });
            }}
          />
        </label>
      )}
      {rewrite && rule.field === 'json' && <Checkbox label="Delete field" checked={rule.deleteField} onChange={(deleteField) => onChange({ deleteField })} />}
      {respond && <Checkbox label="Also send the original" checked={rule.passThrough} onChange={(passThrough) => onChange({ passThrough })} />}
    </div>
  );
}
