/**
 * The intercept rules of the inspected page: those of its top document's origin, read from and
 * written to the extension's storage, sent to the service worker whenever they change (the
 * transport sends them again after every subscribe), and turned off when the hook stops one.
 */
import { batch, computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { blockedUrlPatterns, hookRulesOf, rulesKeyOf, validRules, type HookRule, type InterceptRule, type Pattern } from '../../shared/intercept-rules';
import type { KeyValueStorage } from '../storage';
import type { Store } from '../store/store';
import { canAddRule, isRuleActive, newRule, withRuleChanged, withRulesDisabled } from './rule-edit';

export type RulesSender = (rules: HookRule[], blocked: Pattern[]) => void;

export interface RulesModel {
  /** The origin whose rules these are; null until the tab's top document is known and its rules read. */
  readonly origin: ReadonlySignal<string | null>;
  readonly rules: ReadonlySignal<readonly InterceptRule[]>;
  /** New rules whose action the user has not picked yet: shown, never applied nor stored. */
  readonly drafts: ReadonlySignal<ReadonlySet<string>>;
  /** Why Frametap turned a rule off, by rule id, until the user changes the rule. */
  readonly notes: ReadonlySignal<ReadonlyMap<string, string>>;
  /** The browser refused the block rules (the service worker says why); null while it has not. */
  readonly browserProblem: Signal<string | null>;
  /** Enabled valid rules, block rules included: what the toolbar counts. */
  readonly activeCount: ReadonlySignal<number>;
  /** The URL patterns of the active block rules. */
  readonly blocked: ReadonlySignal<readonly Pattern[]>;
  /** A new draft rule; its id, or null at the most rules there may be. */
  add(url: string): string | null;
  change(id: string, change: Partial<Omit<InterceptRule, 'id'>>): void;
  remove(id: string): void;
  /** Stops following the store (tests). */
  dispose(): void;
}

interface RulesModelParts {
  store: Store;
  storage: KeyValueStorage;
  send: RulesSender;
  newId?: () => string;
}

export const LOOP_NOTE = 'Turned off: it kept answering its own replies, so Frametap stopped it. Change the rule, then turn it on again.';

/** An origin that is "null" (file:, data:) keys its rules by scheme, which is all there is to tell. */
export function originKeyOf(url: string | null): string | null {
  if (url === null || url === '') return null;
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? parsed.protocol : parsed.origin;
  } catch {
    return null;
  }
}

export function createRulesModel({ store, storage, send, newId = () => crypto.randomUUID() }: RulesModelParts): RulesModel {
  const origin = signal<string | null>(null);
  const rules = signal<readonly InterceptRule[]>([]);
  const drafts = signal<ReadonlySet<string>>(new Set());
  const notes = signal<ReadonlyMap<string, string>>(new Map());
  const browserProblem = signal<string | null>(null);
  const applied = computed(() => rules.value.filter((rule) => !drafts.value.has(rule.id)));
  const wanted = computed(() => originKeyOf(store.topUrl.value));

  const persist = (): void => {
    const key = origin.peek();
    if (key !== null) void storage.set(rulesKeyOf(key), applied.peek());
  };
  const forgetNote = (id: string): void => {
    if (!notes.peek().has(id)) return;
    const next = new Map(notes.peek());
    next.delete(id);
    notes.value = next;
  };

  const stops = [
    // Another origin, other rules: none apply while they are read.
    effect(() => {
      const key = wanted.value;
      batch(() => {
        origin.value = null;
        rules.value = [];
        drafts.value = new Set();
        notes.value = new Map();
      });
      if (key === null) return;
      void storage.get(rulesKeyOf(key)).then((stored) => {
        if (wanted.peek() !== key) return;
        batch(() => {
          rules.value = validRules(stored);
          origin.value = key;
        });
      });
    }),
    effect(() => {
      const list = applied.value;
      // The browser's answer to these rules is yet to come, and says only if it refuses them.
      browserProblem.value = null;
      send(hookRulesOf(list), blockedUrlPatterns(list));
    }),
    effect(() => {
      const looped = store.loopedRules.value;
      if (looped.length === 0 || origin.value === null) return;
      const stopped = rules.peek().filter((rule) => rule.enabled && looped.includes(rule.id));
      batch(() => {
        store.loopedRules.value = [];
        if (stopped.length === 0) return;
        rules.value = withRulesDisabled(rules.peek(), looped);
        notes.value = new Map([...notes.peek(), ...stopped.map((rule): [string, string] => [rule.id, LOOP_NOTE])]);
      });
      persist();
    }),
  ];

  return {
    origin,
    rules,
    drafts,
    notes,
    browserProblem,
    activeCount: computed(() => applied.value.filter(isRuleActive).length),
    blocked: computed(() => blockedUrlPatterns(applied.value)),
    add(url) {
      if (origin.peek() === null || !canAddRule(rules.peek())) return null;
      const id = newId();
      batch(() => {
        rules.value = [...rules.peek(), newRule(id, url)];
        drafts.value = new Set([...drafts.peek(), id]);
      });
      return id;
    },
    change(id, change) {
      batch(() => {
        rules.value = withRuleChanged(rules.peek(), id, change);
        if (change.action !== undefined && drafts.peek().has(id)) drafts.value = new Set([...drafts.peek()].filter((draft) => draft !== id));
        forgetNote(id);
      });
      persist();
    },
    remove(id) {
      batch(() => {
        rules.value = rules.peek().filter((rule) => rule.id !== id);
        if (drafts.peek().has(id)) drafts.value = new Set([...drafts.peek()].filter((draft) => draft !== id));
        forgetNote(id);
      });
      persist();
    },
    dispose() {
      for (const stop of stops) stop();
    },
  };
}
