/**
 * Replay buttons for the message in the details pane: a sent one can be sent again as is, or
 * loaded into the composer to edit; a received one can be injected into the page again.
 */
import { useContext } from 'preact/hooks';
import type { HookCommand } from '../../shared/protocol';
import type { Connection } from '../store/connection';
import type { LogEntry } from '../store/message-log';
import { CommandStatus, useCommandStatus } from './CommandStatus';
import { draftOfPayload } from './encode';
import { ComposerContext, isSse, runOn } from './model';

interface Props {
  entry: LogEntry;
  connection: Connection;
}

export function ReplayActions({ entry, connection }: Props) {
  const model = useContext(ComposerContext);
  const { status, track } = useCommandStatus();
  if (entry.kind !== 'frame') return null;
  // A truncated capture is not the message that was sent: replaying it would send something else.
  const truncated = entry.truncated ? 'Only part of this message was captured' : undefined;
  const { opcode, data } = entry;
  const run = (command: HookCommand, success: string): void => void track(runOn(model, connection, command), success);
  const sendable = entry.dir === 'out' && !isSse(connection);

  return (
    <div class="replay-actions" role="group" aria-label="Replay">
      {sendable && (
        <>
          <button
            type="button"
            class="text-button"
            disabled={truncated !== undefined}
            title={truncated}
            onClick={() => run({ op: 'send', conn: connection.id, opcode, data }, 'Sent again')}
          >
            Send again
          </button>
          <button
            type="button"
            class="text-button"
            disabled={truncated !== undefined}
            title={truncated}
            onClick={() => {
              model.draft.value = draftOfPayload(opcode, data);
              model.focusRequests.value++;
            }}
          >
            Edit and send
          </button>
        </>
      )}
      {entry.dir === 'in' && (
        <button
          type="button"
          class="text-button"
          disabled={truncated !== undefined}
          title={truncated}
          onClick={() => run({ op: 'inject', conn: connection.id, opcode, data, event: entry.event, lastEventId: entry.lastEventId }, 'Injected again')}
        >
          Inject again
        </button>
      )}
      <CommandStatus status={status} />
    </div>
  );
}
