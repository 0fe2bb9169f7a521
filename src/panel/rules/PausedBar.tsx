/**
 * The breakpoint bar above the composer: the oldest paused message, editable, with Continue,
 * Drop and Continue all. It appears by itself while a Pause rule holds messages, so that the
 * user never has to go looking for a page that seems to hang.
 */
import { useComputed, useSignal } from '@preact/signals';
import { useState } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { CommandStatus, useCommandStatus } from '../composer/CommandStatus';
import { runOn } from '../composer/model';
import { connectionLabel } from '../format/connection-label';
import type { PausedMessage } from '../store/intercepts';
import { holdKey, isEditable, pausedToOffer, releaseCommand } from './paused-queue';
import { ruleSummary } from './rule-edit';

type Outcome = { drop: true } | { drop: false; text: string };

export function PausedBar() {
  const { store, commands, rules } = usePanelApp();
  // Released but not yet reported back by the hook: not offered again meanwhile.
  const releasing = useSignal<ReadonlySet<string>>(new Set());
  const offered = useComputed(() => pausedToOffer(store.paused.value, store.connections.value, releasing.value)).value;
  const { status, track } = useCommandStatus();

  const release = async (paused: PausedMessage, outcome: Outcome): Promise<boolean> => {
    const connection = store.connections.peek().find((c) => c.id === paused.conn);
    if (!connection) return false;
    const key = holdKey(paused);
    const held = new Set(store.paused.peek().map(holdKey));
    releasing.value = new Set([...releasing.peek()].filter((k) => held.has(k)).concat(key));
    const ok = await track(runOn(commands, connection, releaseCommand(paused, outcome)), outcome.drop ? 'Dropped' : 'Continued');
    if (!ok) releasing.value = new Set([...releasing.peek()].filter((k) => k !== key));
    return ok;
  };
  const continueAll = async (): Promise<void> => {
    // In order, unedited: the page gets them as it would have without the rule.
    for (const paused of offered) if (!(await release(paused, { drop: false, text: paused.data }))) return;
  };

  const current = offered[0];
  if (!current) {
    return status && !status.ok ? (
      <div class="paused-bar paused-bar-idle">
        <CommandStatus status={status} />
      </div>
    ) : null;
  }
  const connection = store.connections.value.find((c) => c.id === current.conn);
  const rule = rules.rules.value.find((r) => r.id === current.rule);
  return (
    <section class="paused-bar" aria-label="Paused message">
      <div class="paused-head">
        <span class="paused-count">
          {offered.length === 1 ? 'Paused' : `1 of ${offered.length} paused`}
        </span>
        <span class="paused-what" title={connection?.url}>
          {current.dir === 'out' ? 'Sent on' : 'Received on'} {connection ? connectionLabel(connection) : 'a connection'}
          {rule && ` · ${ruleSummary(rule)}`}
        </span>
      </div>
      <PausedEditor key={holdKey(current)} paused={current} onRelease={(outcome) => void release(current, outcome)} onContinueAll={() => void continueAll()} />
      <CommandStatus status={status} />
    </section>
  );
}

interface EditorProps {
  paused: PausedMessage;
  onRelease: (outcome: Outcome) => void;
  onContinueAll: () => void;
}

function PausedEditor({ paused, onRelease, onContinueAll }: EditorProps) {
  const [text, setText] = useState(paused.data);
  const editable = isEditable(paused);
  return (
    <>
      <textarea
        class="composer-text paused-text"
        aria-label="Paused message"
        spellcheck={false}
        rows={2}
        readOnly={!editable}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            onRelease({ drop: false, text });
          }
        }}
      />
      <div class="composer-bar">
        <button type="button" class="text-button composer-primary" title="Let it go, as edited (Ctrl+Enter)" onClick={() => onRelease({ drop: false, text })}>
          Continue
        </button>
        <button type="button" class="text-button" title="Neither the page nor the server gets it" onClick={() => onRelease({ drop: true })}>
          Drop
        </button>
        <button type="button" class="text-button" title="Let every paused message go, unedited, oldest first" onClick={onContinueAll}>
          Continue all
        </button>
        {!editable && (
          <span class="paused-note">{paused.opcode === 'binary' ? 'Binary: goes on as it was' : 'Too long to edit here: goes on as it was'}</span>
        )}
      </div>
    </>
  );
}
