/** The EventSource natives, saved at document_start, for the wrapper and for the panel's commands. */
import type { CloseInitiator } from '../shared/protocol';
import { record, type Connection } from './connection';
import { getterOf } from './natives';
import { forgetTarget } from './targets';

export const NativeEventSource = EventSource;
export const nativeClose = EventSource.prototype.close;
export const sourceUrl = getterOf<string>(EventSource.prototype, 'url');
export const sourceWithCredentials = getterOf<boolean>(EventSource.prototype, 'withCredentials');
export const sourceReadyState = getterOf<number>(EventSource.prototype, 'readyState');

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSED = 2;

/**
 * The source is over: the page or the panel closed it, or the browser gave up on it. EventSource
 * has no close event, so the hook makes the record itself.
 */
export function recordClose(connection: Connection, initiator: CloseInitiator): void {
  forgetTarget(connection);
  // Closed by the page or the panel, the source dispatches nothing more, even what rules held;
  // closed by the browser, what it received before still reaches the page.
  if (initiator !== 'server') connection.closeInitiator ??= initiator;
  record(connection, { type: 'close', code: 0, reason: '', wasClean: initiator !== 'server', initiator });
}
