/**
 * A simulated network drop on a live WebSocket. The page must see what a lost network gives: an
 * `error`, then a `close` with code 1006 and `wasClean` false, and no message after the drop. The
 * page world cannot cut a socket without a close frame, so the socket is closed (the server sees a
 * close without a status code) and the browser's own close event, once the socket is CLOSED, is
 * replaced by those two, as a network drop would have them.
 */
import type { CommandResult } from '../shared/protocol';
import type { Connection } from './connection';
import { NO_ARGS, apply, createWeakStore, read } from './natives';
import { SUCCESS, failure } from './targets';
import { CONNECTING, OPEN, nativeClose, socketReadyState } from './websocket-natives';

const severed = createWeakStore<WebSocket, true>();
/** Asked on every message of every socket: no lookup at all until the panel first drops one. */
let anySevered = false;

export const isSevered = (socket: WebSocket): boolean => anySevered && severed.get(socket) === true;

export function sever(socket: WebSocket, connection: Connection): CommandResult {
  const state = read(socketReadyState, socket);
  if (state !== OPEN && state !== CONNECTING) return failure('Socket is already closing');
  connection.closeInitiator ??= 'panel';
  // A connecting socket that is closed fails with error and 1006 natively: nothing to replace.
  if (state === OPEN) {
    anySevered = true;
    severed.set(socket, true);
  }
  apply(nativeClose, socket, NO_ARGS);
  return SUCCESS;
}
