/**
 * The panel's remembered settings, in the panel's storage: Preserve log, the budgets, the time
 * column, the filter's Hide heartbeats. Read once at start (until then the defaults apply),
 * written on every change. Storage is untrusted like anything read back: values are checked, and
 * bad ones fall back to defaults.
 */
import { computed, effect } from '@preact/signals';
import { clampInt } from '../shared/clamp';
import { TIME_MODES, type TimeMode } from './grid/columns';
import type { KeyValueStorage } from './storage';
import type { LogBudget } from './store/message-log';
import { DEFAULT_BUDGET, setBudget, type Store } from './store/store';

export const SETTINGS_KEY = 'frametap:panel-settings';

export interface PanelSettings {
  preserveLog: boolean;
  budget: LogBudget;
  timeMode: TimeMode;
  hideHeartbeats: boolean;
}

export const DEFAULT_SETTINGS: PanelSettings = { preserveLog: false, budget: DEFAULT_BUDGET, timeMode: 'clock', hideHeartbeats: false };

/** Bounds for the settings form: at least a screenful of messages, at most what a tab can hold. */
export const BUDGET_LIMITS = {
  minMessages: 100,
  maxMessages: 10_000_000,
  minBytes: 1024 * 1024,
  maxBytes: 4 * 1024 * 1024 * 1024,
};

export function validBudget(x: Partial<Record<keyof LogBudget, unknown>>): LogBudget {
  return {
    maxMessages: clampInt(x.maxMessages, BUDGET_LIMITS.minMessages, BUDGET_LIMITS.maxMessages, DEFAULT_BUDGET.maxMessages),
    maxBytes: clampInt(x.maxBytes, BUDGET_LIMITS.minBytes, BUDGET_LIMITS.maxBytes, DEFAULT_BUDGET.maxBytes),
  };
}

export function parseSettings(stored: unknown): PanelSettings {
  if (typeof stored !== 'object' || stored === null) return DEFAULT_SETTINGS;
  const s = stored as Record<string, unknown>;
  const budget = typeof s.budget === 'object' && s.budget !== null ? validBudget(s.budget as Record<string, unknown>) : DEFAULT_BUDGET;
  return {
    preserveLog: s.preserveLog === true,
    budget,
    // 'relative' (since the connection started) is what older versions stored too.
    timeMode: TIME_MODES.find(({ mode }) => mode === s.timeMode)?.mode ?? 'clock',
    hideHeartbeats: s.hideHeartbeats === true,
  };
}

/** Applies the stored settings to the store, then keeps the storage in step with it. */
export async function rememberSettings(store: Store, storage: KeyValueStorage): Promise<void> {
  const stored = parseSettings(await storage.get(SETTINGS_KEY));
  store.preserveLog.value = stored.preserveLog;
  store.timeMode.value = stored.timeMode;
  if (store.filter.value.hideHeartbeats !== stored.hideHeartbeats) store.filter.value = { ...store.filter.value, hideHeartbeats: stored.hideHeartbeats };
  const { budget } = store.log;
  if (budget.maxMessages !== stored.budget.maxMessages || budget.maxBytes !== stored.budget.maxBytes) setBudget(store, stored.budget);
  // The rest of the filter is not a setting: typing in it must not write the storage.
  const hideHeartbeats = computed(() => store.filter.value.hideHeartbeats);
  effect(() => {
    const settings: PanelSettings = {
      preserveLog: store.preserveLog.value,
      budget: store.budget.value,
      timeMode: store.timeMode.value,
      hideHeartbeats: hideHeartbeats.value,
    };
    void storage.set(SETTINGS_KEY, settings);
  });
}
