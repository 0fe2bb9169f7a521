/**
 * The budgets, settable: the panel's retained messages and payload megabytes, and what every page
 * keeps for a panel opened later. Applied on Apply.
 */
import { useEffect, useState } from 'preact/hooks';
import { PAGE_BACKLOG_LIMITS } from '../../shared/page-backlog';
import { BUDGET_LIMITS, validBudget } from '../settings';
import { usePanelApp } from '../app-context';
import { readPageBacklogBytes, writePageBacklogBytes } from '../page-backlog-setting';
import { setBudget } from '../store/store';

const MB = 1024 * 1024;

export function SettingsPopover({ onClose }: { onClose: () => void }) {
  const { store, storage } = usePanelApp();
  const budget = store.budget.value;
  const [messages, setMessages] = useState(String(budget.maxMessages));
  const [megabytes, setMegabytes] = useState(String(Math.round(budget.maxBytes / MB)));
  const [pageMegabytes, setPageMegabytes] = useState('');
  useEffect(() => {
    void readPageBacklogBytes(storage).then((bytes) => setPageMegabytes((typed) => typed || String(Math.round(bytes / MB))));
  }, [storage]);

  const apply = (event: Event): void => {
    event.preventDefault();
    setBudget(store, validBudget({ maxMessages: Number(messages), maxBytes: Number(megabytes) * MB }));
    if (pageMegabytes !== '') void writePageBacklogBytes(storage, Number(pageMegabytes) * MB);
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
      <label>
        Page backlog (MB)
        <input
          type="number"
          min={PAGE_BACKLOG_LIMITS.minBytes / MB}
          max={PAGE_BACKLOG_LIMITS.maxBytes / MB}
          value={pageMegabytes}
          onInput={(e) => setPageMegabytes(e.currentTarget.value)}
        />
      </label>
      <p class="settings-hint">
        Over a budget, the connection holding the most gives up its oldest messages; every drop is counted. The page backlog is
        what every tab keeps in its own memory for a panel opened later.
      </p>
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
