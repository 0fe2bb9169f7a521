/**
 * Replaying a captured frame on its connection: a sent one is sent again, a received one
 * injected into the page again. The details pane's buttons and the grid's row menu both do it.
 */
import type { HookCommand } from '../../shared/protocol';
import type { Connection } from '../store/connection';
import type { LogEntry } from '../store/message-log';
import { isReceiveOnly, isWatchedOnly, WORKER_READ_ONLY } from './model';

export interface Replay {
  label: 'Send again' | 'Inject again';
  /** What the command status says once it worked. */
  success: 'Sent again' | 'Injected again';
  command: HookCommand;
  /** Why it cannot be replayed; undefined when it can. */
  unavailable: string | undefined;
}

/** Null for a row that is no frame, a sent frame of a receive-only stream, or any of a polling channel. */
export function replayOf(entry: LogEntry, connection: Connection): Replay | null {
  if (entry.kind !== 'frame' || connection.kind === 'poll') return null;
  // A truncated capture is not the message that was sent: replaying it would send something else.
  const unavailable = isWatchedOnly(connection) ? WORKER_READ_ONLY : entry.truncated ? 'Only part of this message was captured' : undefined;
  const { opcode, data } = entry;
  if (entry.dir === 'out') {
    if (isReceiveOnly(connection)) return null;
    return { label: 'Send again', success: 'Sent again', command: { op: 'send', conn: connection.id, opcode, data }, unavailable };
  }
  const command: HookCommand = { op: 'inject', conn: connection.id, opcode, data, event: entry.event, lastEventId: entry.lastEventId };
  return { label: 'Inject again', success: 'Injected again', command, unavailable };
}
