/**
 * Replay buttons for the message in the details pane: a sent one can be sent again as is, or
 * loaded into the composer to edit; a received one can be injected into the page again.
 */
import { usePanelApp } from '../app-context';
import type { Connection } from '../store/connection';
import type { LogEntry } from '../store/message-log';
import { CommandStatus, useCommandStatus } from './CommandStatus';
import { draftOfPayload } from './encode';
import { runOn } from './model';
import { replayOf } from './replay';

interface Props {
  entry: LogEntry;
  connection: Connection;
}

export function ReplayActions({ entry, connection }: Props) {
  const { composer, commands } = usePanelApp();
  const { status, track } = useCommandStatus();
  const replay = replayOf(entry, connection);
  if (!replay) return null;
  const truncated = replay.unavailable;
  const { opcode, data } = entry;

  return (
    <div class="replay-actions" role="group" aria-label="Replay">
      <button
        type="button"
        class="text-button"
        disabled={truncated !== undefined}
        title={truncated}
        onClick={() => void track(runOn(commands, connection, replay.command), replay.success)}
      >
        {replay.label}
      </button>
      {replay.command.op === 'send' && (
        <button
          type="button"
          class="text-button"
          disabled={truncated !== undefined}
          title={truncated}
          onClick={() => {
            composer.draft.value = draftOfPayload(opcode, data);
            composer.focusRequests.value++;
          }}
        >
          Edit and send
        </button>
      )}
      <CommandStatus status={status} />
    </div>
  );
}
