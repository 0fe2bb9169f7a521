/**
 * The filter bar: text or /regex/, direction, type, invert, hide heartbeats, and how many
 * messages pass. Typing is debounced, so that a million retained messages are scanned once per
 * pause, not per key.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { filterSummary, isFilterActive, parseTextQuery, type DirectionFilter, type FilterSpec, type TypeFilter } from '../filter/filter';
import type { Store } from '../store/store';

const TYPING_DEBOUNCE_MS = 150;

export function FilterBar({ store }: { store: Store }) {
  const spec = store.filter.value;
  const [text, setText] = useState(spec.text);
  const input = useRef<HTMLInputElement>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const update = (change: Partial<FilterSpec>): void => {
    store.filter.value = { ...store.filter.value, ...change };
  };
  const commitText = (next: string): void => {
    clearTimeout(pending.current);
    if (next !== store.filter.value.text) update({ text: next });
  };

  // Ctrl/Cmd+F focuses the filter, as in DevTools, from anywhere in the panel.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  useEffect(() => () => clearTimeout(pending.current), []);

  const onInput = (event: Event): void => {
    const next = (event.currentTarget as HTMLInputElement).value;
    setText(next);
    clearTimeout(pending.current);
    pending.current = setTimeout(() => commitText(next), TYPING_DEBOUNCE_MS);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      setText('');
      commitText('');
    } else if (event.key === 'Enter') {
      commitText(text);
    }
  };

  const query = parseTextQuery(text);
  const shown = store.view.value.length;
  const total = store.scopeView.value.length;
  return (
    <div class="toolbar filter-bar">
      <input
        ref={input}
        class="filter-input"
        type="text"
        role="searchbox"
        aria-label="Filter"
        placeholder="Filter: text, or /regex/flags"
        spellcheck={false}
        value={text}
        aria-invalid={query.kind === 'invalid'}
        aria-describedby={query.kind === 'invalid' ? 'filter-error' : undefined}
        onInput={onInput}
        onKeyDown={onKeyDown}
        onBlur={() => commitText(text)}
      />
      {query.kind === 'invalid' && (
        <span id="filter-error" class="filter-error" role="alert">
          {query.message}
        </span>
      )}
      <select aria-label="Direction" value={spec.direction} onChange={(e) => update({ direction: e.currentTarget.value as DirectionFilter })}>
        <option value="all">All directions</option>
        <option value="out">Sent</option>
        <option value="in">Received</option>
      </select>
      <select aria-label="Type" value={spec.type} onChange={(e) => update({ type: e.currentTarget.value as TypeFilter })}>
        <option value="all">All types</option>
        <option value="text">Text</option>
        <option value="binary">Binary</option>
        <option value="lifecycle">Lifecycle</option>
      </select>
      <label class="filter-invert" title="Show the messages the text does not match">
        <input type="checkbox" checked={spec.invert} onChange={(e) => update({ invert: e.currentTarget.checked })} />
        Invert
      </label>
      {/* Always there: without a decoded protocol there is just nothing to hide. */}
      <label class="filter-invert" title="Hide the pings, pongs and keep-alives of decoded protocols">
        <input type="checkbox" checked={spec.hideHeartbeats} onChange={(e) => update({ hideHeartbeats: e.currentTarget.checked })} />
        Hide heartbeats
      </label>
      <span class="filter-summary" role="status">
        {filterSummary(shown, total, isFilterActive(spec))}
      </span>
    </div>
  );
}
