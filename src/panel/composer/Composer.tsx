/**
 * The composer under the grid: write a message and send it through the page's own socket, or
 * inject it as if the server had sent it; close the connection. Acts on the selected connection
 * (or that of the selected message).
 */
import { useComputed, useSignal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HookCommand } from '../../shared/protocol';
import { usePanelApp } from '../app-context';
import { connectionLabel } from '../format/connection-label';
import { originOf } from '../format/url';
import type { Connection } from '../store/connection';
import { CommandStatus, useCommandStatus } from './CommandStatus';
import { DRAFT_FORMATS, convertDraft, draftError, encodeDraft, type Draft, type DraftFormat } from './encode';
import { FRESH_CURSOR, caretAllows, step, withEntry, type HistoryCursor } from './history';
import { isReceiveOnly, isWatchedOnly, runOn, takesSseFields, WORKER_READ_ONLY } from './model';
import { SnippetBar } from './SnippetBar';
import { historyKey, isDraft } from './storage';
import { composerTarget } from './target';
import { usePersistedList } from './usePersistedList';
import { usePointerOutside } from '../components/usePointerOutside';

interface Props {
  /** Space is short: one line (target, message, the main action) until the composer has focus. */
  compact: boolean;
}

export function Composer({ compact }: Props) {
  const { store } = usePanelApp();
  const target = useComputed(() => composerTarget(store)).value;
  if (target && target.kind !== 'poll' && !isWatchedOnly(target)) return <ConnectionComposer key={target.id} connection={target} compact={compact} />;
  return (
    <section class="composer composer-idle" aria-label="Composer">
      {!target
        ? 'Select a connection to send, inject or close.'
        : isWatchedOnly(target)
          ? WORKER_READ_ONLY
          : 'A polling channel is a series of the page’s own requests: nothing to send or inject on it.'}
    </section>
  );
}

const ERROR_ID = 'composer-draft-error';

function ConnectionComposer({ connection, compact }: { connection: Connection; compact: boolean }) {
  const { composer, commands, storage } = usePanelApp();
  // Open while the user works in it: focus or a pointer inside opens it; focus or a click
  // elsewhere folds it again. (Focus events alone would miss a click in a window without focus.)
  const [opened, setOpened] = useState(false);
  const section = useRef<HTMLElement>(null);
  const folded = compact && !opened;
  usePointerOutside(section, opened, () => setOpened(false));
  const sse = isReceiveOnly(connection);
  const sseFields = takesSseFields(connection);
  const origin = originOf(connection.url);
  const history = usePersistedList(storage, historyKey(origin), isDraft);
  const cursor = useRef<HistoryCursor>(FRESH_CURSOR);
  const textbox = useRef<HTMLTextAreaElement>(null);
  const closeCode = useSignal('1000');
  const closeReason = useSignal('');
  const { status, track } = useCommandStatus();

  // Only a request made after mount ("Edit and send"): selecting a connection must leave focus where it is.
  const focusRequest = composer.focusRequests.value;
  const seenFocusRequest = useRef(focusRequest);
  useEffect(() => {
    if (focusRequest === seenFocusRequest.current) return;
    seenFocusRequest.current = focusRequest;
    textbox.current?.focus();
  }, [focusRequest]);

  const draft = composer.draft.value;
  const formats = sse ? DRAFT_FORMATS.filter((f) => f.format === 'text' || f.format === 'json') : DRAFT_FORMATS;
  const invalid = draft.text === '' && draft.format !== 'json' ? null : draftError(draft);

  const setDraft = (next: Draft): void => {
    composer.draft.value = next;
  };
  const run = (command: HookCommand, success: string): Promise<boolean> => track(runOn(commands, connection, command), success);

  const deliver = async (op: 'send' | 'inject'): Promise<void> => {
    const encoded = encodeDraft(draft);
    if (!encoded.ok) return;
    const { opcode, data } = encoded;
    const command: HookCommand =
      op === 'send'
        ? { op, conn: connection.id, opcode, data }
        : { op, conn: connection.id, opcode, data, ...(sseFields && { event: composer.sseEvent.value, lastEventId: composer.sseId.value }) };
    if (await run(command, op === 'send' ? 'Sent' : 'Injected')) {
      history.update((entries) => withEntry(entries, draft));
      cursor.current = FRESH_CURSOR;
    }
  };
  const close = (): void => {
    const typed = closeCode.value.trim();
    const code = typed === '' ? undefined : Number(typed);
    if (code !== undefined && !Number.isSafeInteger(code)) {
      void track(Promise.resolve({ ok: false, error: 'The close code must be a whole number' }), '');
      return;
    }
    void run(sse ? { op: 'close', conn: connection.id } : { op: 'close', conn: connection.id, code, reason: closeReason.value }, 'Close requested');
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const area = event.currentTarget as HTMLTextAreaElement;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (invalid === null) void deliver(sse ? 'inject' : 'send');
      return;
    }
    const direction = event.key === 'ArrowUp' ? -1 : event.key === 'ArrowDown' ? 1 : 0;
    if (direction === 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (area.selectionStart !== area.selectionEnd || !caretAllows(area.value, area.selectionStart, direction)) return;
    const recalled = step(history.items, cursor.current, direction, draft);
    if (!recalled) return;
    event.preventDefault();
    cursor.current = recalled.cursor;
    setDraft(recalled.draft);
  };

  return (
    <section
      class={folded ? 'composer composer-compact composer-folded' : compact ? 'composer composer-compact' : 'composer'}
      aria-label="Composer"
      ref={section}
      onFocusIn={() => setOpened(true)}
      onPointerDown={() => setOpened(true)}
      onFocusOut={(event) => {
        const next = event.relatedTarget as Node | null;
        // Focus moving between the composer's own controls keeps it open.
        if (next && !event.currentTarget.contains(next)) setOpened(false);
      }}
    >
      <div class="composer-bar">
        <span class="composer-target" title={connection.url}>
          {sse ? 'Inject into' : 'Send on'} {connectionLabel(connection)}
        </span>
        <select
          class="composer-select"
          aria-label="Format"
          value={draft.format}
          onChange={(event) => {
            const format = event.currentTarget.value as DraftFormat;
            setDraft({ text: convertDraft(draft, format), format });
          }}
        >
          {formats.map(({ format, label }) => (
            <option key={format} value={format}>
              {label}
            </option>
          ))}
        </select>
        {sseFields && (
          <>
            <input
              class="composer-input composer-short"
              aria-label="Event type"
              placeholder="message"
              value={composer.sseEvent.value}
              onInput={(event) => (composer.sseEvent.value = event.currentTarget.value)}
            />
            <input
              class="composer-input composer-short"
              aria-label="Event ID"
              placeholder="id"
              value={composer.sseId.value}
              onInput={(event) => (composer.sseId.value = event.currentTarget.value)}
            />
          </>
        )}
        <span class="composer-spacer" />
        <SnippetBar origin={origin} draft={draft} onLoad={setDraft} />
        {folded && (
          <button
            type="button"
            class="text-button composer-unfold"
            aria-label="Open composer"
            title="Format, snippets, inject and close"
            onClick={() => {
              setOpened(true);
              textbox.current?.focus();
            }}
          >
            ⋯
          </button>
        )}
      </div>
      <textarea
        ref={textbox}
        class="composer-text"
        aria-label="Message"
        aria-invalid={invalid !== null}
        aria-describedby={invalid === null ? undefined : ERROR_ID}
        spellcheck={false}
        rows={compact ? 1 : 3}
        placeholder={sseFields ? 'Event data' : sse ? 'Message to inject (Ctrl+Enter injects)' : 'Message (Ctrl+Enter sends, ↑ recalls history)'}
        value={draft.text}
        onInput={(event) => {
          cursor.current = FRESH_CURSOR;
          setDraft({ text: event.currentTarget.value, format: draft.format });
        }}
        onKeyDown={onKeyDown}
      />
      <div class="composer-bar">
        {!sse && (
          <button type="button" class="text-button composer-primary composer-main" disabled={invalid !== null} onClick={() => void deliver('send')}>
            Send
          </button>
        )}
        <button
          type="button"
          class={sse ? 'text-button composer-main' : 'text-button'}
          disabled={invalid !== null}
          onClick={() => void deliver('inject')}
          title="Deliver to the page as if the server had sent it"
        >
          Inject
        </button>
        <span class="composer-divider" />
        {!sse && (
          <>
            <input
              class="composer-input composer-code"
              aria-label="Close code"
              inputMode="numeric"
              value={closeCode.value}
              onInput={(event) => (closeCode.value = event.currentTarget.value)}
            />
            <input
              class="composer-input"
              aria-label="Close reason"
              placeholder="reason"
              maxLength={123}
              value={closeReason.value}
              onInput={(event) => (closeReason.value = event.currentTarget.value)}
            />
          </>
        )}
        <button type="button" class="text-button" onClick={close}>
          Close connection
        </button>
        {connection.kind === 'ws' && (
          <button
            type="button"
            class="text-button"
            title="Fail the connection as a lost network would: the page sees it close abnormally (1006)"
            onClick={() => void run({ op: 'sever', conn: connection.id }, 'Connection dropped')}
          >
            Simulate drop
          </button>
        )}
        <span class="composer-status">
          {invalid !== null ? (
            <span id={ERROR_ID} class="command-error">
              {invalid}
            </span>
          ) : (
            <CommandStatus status={status} />
          )}
        </span>
      </div>
    </section>
  );
}
