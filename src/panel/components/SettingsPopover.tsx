/** The budgets, settable: retained messages and retained payload megabytes. Applied on Apply. */
import { useState } from 'preact/hooks';
import { BUDGET_LIMITS, validBudget } from '../settings';
import { usePanelApp } from '../app-context';
import { setBudget } from '../store/store';

const MB = 1024 * 1024;

export function SettingsPopover({ onClose }: { onClose: () => void }) {
  const { store } = usePanelApp();
  const budget = store.budget.value;
  const [messages, setMessages] = useState(String(budget.maxMessages));
  const [megabytes, setMegabytes] = useState(String(Math.round(budget.maxBytes / MB)));

  const apply = (event: Event): void => {
    event.preventDefault();
    setBudget(store, validBudget({ maxMessages: Number(messages), maxBytes: Number(megabytes) * MB }));
    onClose();
  };

  return (
    <div
      class="settings-popover"
      role="dialog"
      aria-label="Settings"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <form onSubmit={apply}>
      <label>
        Message budget
        <input
          type="number"
          min={BUDGET_LIMITS.minMessages}
          max={BUDGET_LIMITS.maxMessages}
          value={messages}
          onInput={(e) => setMessages(e.currentTarget.value)}
        />
      </label>
      <label>
        Memory budget (MB)
        <input
          type="number"
          min={BUDGET_LIMITS.minBytes / MB}
          max={BUDGET_LIMITS.maxBytes / MB}
          value={megabytes}
          onInput={(e) => setMegabytes(e.currentTarget.value)}
        />
      </label>
      <p class="settings-hint">Over either budget, the connection holding the most gives up its oldest messages; every drop is counted.</p>
      <div class="settings-actions">
        <button type="submit">Apply</button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
      </form>
    </div>
  );
}
