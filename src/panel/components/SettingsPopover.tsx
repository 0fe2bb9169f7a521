/**
 * The budgets, settable: the panel's retained messages and payload megabytes, and what every page
 * keeps for a panel opened later; and the URLs to capture besides what Frametap recognises.
 * Applied on Apply.
 */
import { useEffect, useState } from 'preact/hooks';
import { MAX_CAPTURE_PATTERNS } from '../../shared/capture-patterns';
import { PAGE_BACKLOG_LIMITS } from '../../shared/page-backlog';
import { readCapturePatternsText, writeCapturePatterns } from '../capture-patterns-setting';
import { BUDGET_LIMITS, validBudget } from '../settings';
import { usePanelApp } from '../app-context';
import { readPageBacklogBytes, writePageBacklogBytes } from '../page-backlog-setting';
import { setBudget } from '../store/store';

const MB = 1024 * 1024;

interface NumberFieldProps {
  label: string;
  min: number;
  max: number;
  value: string;
  onInput: (value: string) => void;
}

/** A labelled number input; what was typed is checked on Apply. */
function NumberField({ label, min, max, value, onInput }: NumberFieldProps) {
  return (
    <label>
      {label}
      <input type="number" min={min} max={max} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

export function SettingsPopover({ onClose }: { onClose: () => void }) {
  const { store, storage, syncedStorage } = usePanelApp();
  const budget = store.budget.value;
  const [messages, setMessages] = useState(String(budget.maxMessages));
  const [megabytes, setMegabytes] = useState(String(Math.round(budget.maxBytes / MB)));
  const [pageMegabytes, setPageMegabytes] = useState('');
  // null until read: Apply must not overwrite patterns it never showed.
  const [patterns, setPatterns] = useState<string | null>(null);
  useEffect(() => {
    void readPageBacklogBytes(storage).then((bytes) => setPageMegabytes((typed) => typed || String(Math.round(bytes / MB))));
    void readCapturePatternsText(syncedStorage).then((text) => setPatterns((typed) => typed ?? text));
  }, [storage, syncedStorage]);

  const apply = (event: Event): void => {
    event.preventDefault();
    setBudget(store, validBudget({ maxMessages: Number(messages), maxBytes: Number(megabytes) * MB }));
    if (pageMegabytes !== '') void writePageBacklogBytes(storage, Number(pageMegabytes) * MB);
    if (patterns !== null) void writeCapturePatterns(syncedStorage, patterns);
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
      <NumberField label="Message budget" min={BUDGET_LIMITS.minMessages} max={BUDGET_LIMITS.maxMessages} value={messages} onInput={setMessages} />
      <NumberField label="Memory budget (MB)" min={BUDGET_LIMITS.minBytes / MB} max={BUDGET_LIMITS.maxBytes / MB} value={megabytes} onInput={setMegabytes} />
      <NumberField
        label="Page backlog (MB)"
        min={PAGE_BACKLOG_LIMITS.minBytes / MB}
        max={PAGE_BACKLOG_LIMITS.maxBytes / MB}
        value={pageMegabytes}
        onInput={setPageMegabytes}
      />
      <p class="settings-hint">
        Over a budget, the connection holding the most gives up its oldest messages; every drop is counted. The page backlog is
        what every tab keeps in its own memory for a panel opened later.
      </p>
      <label class="settings-patterns">
        Also capture these URLs
        <textarea
          rows={3}
          spellcheck={false}
          placeholder={'*/api/updates*\nfeed.example.com/poll'}
          value={patterns ?? ''}
          disabled={patterns === null}
          onInput={(e) => setPatterns(e.currentTarget.value)}
        />
      </label>
      <p class="settings-hint">
        One pattern a line (up to {MAX_CAPTURE_PATTERNS}), <code>*</code> matching anything: each request to a matching URL becomes a
        message of a polling channel. Streams, long-polling transports and polled URLs are found without it. Pages loaded from now
        on.
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
