/**
 * The Rules pane, in the details pane's place: the page's intercept rules, each applied as soon
 * as it is complete and valid, and kept for the page's origin.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ruleProblem } from '../../shared/intercept-rules';
import { usePanelApp } from '../app-context';
import { composerTarget } from '../composer/target';
import { canAddRule } from './rule-edit';
import { RuleEditor } from './RuleEditor';

export function RulesPane({ onClose }: { onClose: () => void }) {
  const { store, rules } = usePanelApp();
  const [added, setAdded] = useState<string | null>(null);
  // Keyboard-first: closing returns to what opened the pane, deleting to Add rule.
  const opener = useRef<HTMLElement | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    opener.current = document.activeElement as HTMLElement | null;
  }, []);
  const close = (): void => {
    onClose();
    opener.current?.focus();
  };
  const origin = rules.origin.value;
  const list = rules.rules.value;
  const drafts = rules.drafts.value;
  const notes = rules.notes.value;
  const matches = store.ruleMatches.value;
  const browserProblem = rules.browserProblem.value;

  const add = (): void => {
    // The connection the user is looking at is what a rule is usually about.
    setAdded(rules.add(composerTarget(store)?.url ?? ''));
  };

  return (
    <section
      class="details rules-pane"
      aria-label="Rules"
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <div class="rules-head">
        <span class="rules-title">Rules</span>
        <span class="rules-origin" title="Rules are kept for the page’s origin">
          {origin ?? 'waiting for the page…'}
        </span>
        <span class="composer-spacer" />
        <button ref={addButton} type="button" class="text-button" disabled={origin === null || !canAddRule(list)} onClick={add}>
          Add rule
        </button>
        <button type="button" class="toolbar-button" aria-label="Close rules" title="Close (Esc)" onClick={close}>
          ✕
        </button>
      </div>
      {store.workers.value.on && <p class="details-caption">Rules apply to dedicated workers started while worker traffic is shown, not to workers only watched (read-only).</p>}
      {browserProblem !== null && (
        <div class="rule-problem" role="alert">
          {browserProblem}
        </div>
      )}
      {list.length === 0 ? (
        <p class="details-placeholder">
          No rules for this page. A rule drops, delays, rewrites, answers or pauses the messages it matches, or blocks connections. Rules
          apply while DevTools is open.
        </p>
      ) : (
        list.map((rule, i) => {
          const draft = drafts.has(rule.id);
          const problem = notes.get(rule.id) ?? (draft ? 'Choose what the rule does' : ruleProblem(rule));
          return (
            <RuleEditor
              key={rule.id}
              rule={rule}
              number={i + 1}
              draft={draft}
              problem={problem}
              matches={matches.get(rule.id) ?? 0}
              focus={rule.id === added}
              onChange={(change) => rules.change(rule.id, change)}
              onRemove={() => {
                rules.remove(rule.id);
                addButton.current?.focus();
              }}
            />
          );
        })
      )}
    </section>
  );
}
