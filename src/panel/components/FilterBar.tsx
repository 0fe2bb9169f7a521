/**
 * The filter bar: a query (text, /regex/ and terms, see ../filter/query.ts), direction, type,
 * invert, hide heartbeats, and how many messages pass. Typing is debounced, so that a million
 * retained messages are scanned once per pause, not per key. ↑/↓ in the box recall recent queries.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { filterSummary, isFilterActive, type DirectionFilter, type FilterSpec, type TypeFilter } from '../filter/filter';
import { parseQuery } from '../filter/query';
import { FRESH_RECALL, isRememberedQuery, recall, RECENT_QUERIES_KEY, withRecent, type RecallCursor } from '../filter/recent';
import { usePersistedList } from '../composer/usePersistedList';
import { FilterHelp } from './FilterHelp';

const TYPING_DEBOUNCE_MS = 150;

export function FilterBar() {
  const { store, storage } = usePanelApp();
  const spec = store.filter.value;
  const [text, setText] = useState(spec.text);
  const input = useRef<HTMLInputElement>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const recent = usePersistedList(storage, RECENT_QUERIES_KEY, isRememberedQuery);
  /** What the current typing last committed, so that the next pause replaces it in the recent list. */
  const typedOver = useRef<string | null>(null);
  const cursor = useRef<RecallCursor>(FRESH_RECALL);

  const update = (change: Partial<FilterSpec>): void => {
    store.filter.value = { ...store.filter.value, ...change };
  };
  const applyText = (next: string): void => {
    clearTimeout(pending.current);
    if (next !== store.filter.value.text) update({ text: next });
  };
  /** `typing`: committed by a pause in typing, which more typing may replace. */
  const commitText = (next: string, typing: boolean): void => {
    applyText(next);
    cursor.current = FRESH_RECALL;
    // A malformed query is one to fix, not to offer again.
    if (isRememberedQuery(next) && parseQuery(next).kind === 'terms') {
      const over = typedOver.current;
      recent.update((entries) => withRecent(entries, next, over));
    }
    typedOver.current = typing ? next : null;
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
  // The filter may be set from elsewhere (the grid's row menu): the box then shows it, and typing
  // still waiting to apply gives way. A layout effect, so that no keystroke can come in between.
  useLayoutEffect(() => {
    if (spec.text === text) return;
    clearTimeout(pending.current);
    setText(spec.text);
  }, [spec.text]);

  const onInput = (event: Event): void => {
    const next = (event.currentTarget as HTMLInputElement).value;
    setText(next);
    cursor.current = FRESH_RECALL;
    clearTimeout(pending.current);
    pending.current = setTimeout(() => commitText(next, true), TYPING_DEBOUNCE_MS);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      setText('');
      commitText('', false);
    } else if (event.key === 'Enter') {
      commitText(text, false);
    } else if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && !event.altKey && !event.ctrlKey && !event.metaKey) {
      const to = recall(recent.items, cursor.current, event.key === 'ArrowUp', text);
      if (!to) return;
      event.preventDefault();
      cursor.current = to.cursor;
      setText(to.text);
      // Applied after a pause, as typing is, but not remembered again until Enter: that would
      // reorder the list being stepped through.
      clearTimeout(pending.current);
      pending.current = setTimeout(() => applyText(to.text), TYPING_DEBOUNCE_MS);
    }
  };

  const query = parseQuery(text);
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
        placeholder="Filter: text, /regex/, dir:out, size>1k, -word"
        spellcheck={false}
        value={text}
        aria-invalid={query.kind === 'invalid'}
        aria-describedby={query.kind === 'invalid' ? 'filter-error' : undefined}
        onInput={onInput}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (cursor.current.index !== null) applyText(text);
          else if (text !== store.filter.value.text) commitText(text, false);
          else typedOver.current = null;
        }}
      />
      <FilterHelp />
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
