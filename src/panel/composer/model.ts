/**
 * The composer's state, shared by the composer under the grid and the replay buttons of the
 * details pane ("Edit and send" loads into the composer), and the way both run commands.
 */
import { signal, type Signal } from '@preact/signals';
import type { CommandResult, FrameOrigin, HookCommand } from '../../shared/protocol';
import { isFinished, type Connection } from '../store/connection';
import type { Draft } from './encode';

/** Sends a command to the document that owns a connection (the transport's `command`). */
export type CommandClient = (origin: FrameOrigin, command: HookCommand) => Promise<CommandResult>;

export interface ComposerModel {
  readonly draft: Signal<Draft>;
  /** EventSource injection: the event type and id. */
  readonly sseEvent: Signal<string>;
  readonly sseId: Signal<string>;
  /** Bumped to have the composer focus its textbox. */
  readonly focusRequests: Signal<number>;
}

export function createComposerModel(): ComposerModel {
  return {
    draft: signal<Draft>({ text: '', format: 'text' }),
    sseEvent: signal('message'),
    sseId: signal(''),
    focusRequests: signal(0),
  };
}

/**
 * An EventSource or a stream read through fetch or XHR: the page only receives on it, so the
 * panel can inject and close (abort), never send.
 */
export const isReceiveOnly = (connection: Connection): boolean => connection.kind === 'sse' || connection.kind === 'stream';

/** Whether an injection names an event type and id: it is read by an event stream parser. */
export const takesSseFields = (connection: Connection): boolean =>
  connection.kind === 'sse' || (connection.kind === 'stream' && connection.http?.framing === 'sse');

/** Why nothing can be sent, injected, replayed or closed on a worker's connection. */
export const WORKER_READ_ONLY =
  'Read-only: this worker was running before Frametap attached, or is a shared or service worker; Chrome’s debugger only watches its traffic.';

/** A worker's connection that Frametap only watches (a worker it could not hook): nothing can be done to it. */
export const isWatchedOnly = (connection: Connection): boolean => connection.worker?.readOnly === true;

/** What a closed connection is called in the error a command on it gets. */
function closedError(connection: Connection): string {
  if (connection.kind === 'sse') return 'EventSource is closed';
  if (connection.kind === 'stream') return 'The stream has ended';
  return 'Socket is closed';
}

/**
 * Runs a command on a connection. One that the panel already knows has ended fails here, with
 * the words a user expects, instead of a round trip to a hook that has forgotten it.
 */
export function runOn(commands: CommandClient, connection: Connection, command: HookCommand): Promise<CommandResult> {
  if (isWatchedOnly(connection)) return Promise.resolve({ ok: false, error: WORKER_READ_ONLY });
  if (connection.previousPage) return Promise.resolve({ ok: false, error: 'The page was navigated away' });
  if (isFinished(connection)) {
    return Promise.resolve({ ok: false, error: closedError(connection) });
  }
  return commands({ frameId: connection.frameId, documentId: connection.documentId }, command);
}
