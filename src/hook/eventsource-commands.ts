/**
 * The panel's commands on a page's EventSource: inject a fake server event, or close the source.
 * Checked first, run with the saved natives, like websocket-commands.ts.
 */
import type { CommandResult, HookCommand } from '../shared/protocol';
import { record, type Connection } from './connection';
import { dispatchMessage } from './message-event';
import { NO_ARGS, apply, read } from './natives';
import { captureText } from './payload';
import { CLOSED, OPEN, nativeClose, recordClose, sourceReadyState, sourceUrl } from './eventsource-natives';
import { NETWORK_DROP_ON_WEBSOCKETS, RELEASED_ELSEWHERE, SUCCESS, failure } from './targets';

type Injection = Extract<HookCommand, { op: 'inject' }>;

/**
 * An event as the stream would deliver it: of its type (an empty `event:` field means
 * `message`), to the listeners of that type only (and `onmessage` only for `message`).
 */
function inject(source: EventSource, connection: Connection, command: Injection): CommandResult {
  if (command.opcode !== 'text') return failure('EventSource messages are text');
  if (read(sourceReadyState, source) !== OPEN) return failure('EventSource is not open');
  const type = command.event || 'message';
  const lastEventId = command.lastEventId ?? '';
  record(connection, { type: 'frame', dir: 'in', via: 'inject', ...captureText(command.data), event: type, lastEventId });
  dispatchMessage(source, read(sourceUrl, source), { type, data: command.data, lastEventId });
  return SUCCESS;
}

function close(source: EventSource, connection: Connection): CommandResult {
  if (read(sourceReadyState, source) === CLOSED) return failure('EventSource is closed');
  apply(nativeClose, source, NO_ARGS);
  recordClose(connection, 'panel');
  return SUCCESS;
}

export function runEventSourceCommand(source: EventSource, connection: Connection, command: HookCommand): CommandResult {
  switch (command.op) {
    case 'inject':
      return inject(source, connection, command);
    case 'close':
      return close(source, connection);
    case 'send':
      return failure('An EventSource cannot send');
    case 'sever':
      return NETWORK_DROP_ON_WEBSOCKETS;
    case 'release':
      return RELEASED_ELSEWHERE;
  }
}
