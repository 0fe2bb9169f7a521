/**
 * The hook's end of the panel's commands: each arrives from the content relay on the private
 * channel as JSON text, runs at once, and is answered on the channel before the relay's
 * dispatchEvent returns.
 *
 * The command is read as relay-text.ts reads anything from the relay; the answer is written by
 * hand for the same reason `serialize.ts` writes batches by hand.
 */
import { EVENT_COMMAND, EVENT_COMMAND_RESULT } from '../shared/constants';
import type { CommandResult, HookCommand } from '../shared/protocol';
import { CustomEventCtor, addEventListener, apply, customEventDetail, dispatchEvent, jsonStringify, read } from './natives';
import { field, parseRelayText } from './relay-text';
import { release } from './intercept/interceptor';
import { SUCCESS, failure, runCommand } from './targets';

const MALFORMED = failure('Malformed command');

const optionalString = (x: unknown): x is string | undefined => x === undefined || typeof x === 'string';

/** The relay already checked the command; this only makes sure of what the runners rely on. */
function commandOf(json: unknown): HookCommand | null {
  if (typeof json !== 'object' || json === null) return null;
  const op = field(json, 'op');
  const conn = field(json, 'conn');
  if (typeof conn !== 'string') return null;
  if (op === 'sever') return { op, conn };
  if (op === 'release') {
    const hold = field(json, 'hold');
    const drop = field(json, 'drop');
    const data = field(json, 'data');
    if (typeof hold !== 'number' || typeof drop !== 'boolean' || !optionalString(data)) return null;
    return { op, conn, hold, drop, data };
  }
  if (op === 'close') {
    const code = field(json, 'code');
    const reason = field(json, 'reason');
    if ((code !== undefined && typeof code !== 'number') || !optionalString(reason)) return null;
    return { op, conn, code, reason };
  }
  const opcode = field(json, 'opcode');
  const data = field(json, 'data');
  if ((opcode !== 'text' && opcode !== 'binary') || typeof data !== 'string') return null;
  if (op === 'send') return { op, conn, opcode, data };
  const event = field(json, 'event');
  const lastEventId = field(json, 'lastEventId');
  if (op !== 'inject' || !optionalString(event) || !optionalString(lastEventId)) return null;
  return { op, conn, opcode, data, event, lastEventId };
}

function execute(detail: unknown): CommandResult {
  const command = commandOf(parseRelayText(detail));
  if (command?.op !== 'release') return command ? runCommand(command) : MALFORMED;
  // A paused message outlives its socket's close: it is the interceptor's, not the socket's.
  const refused = release(command.conn, command.hold, command.drop, command.data);
  return refused === null ? SUCCESS : failure(refused);
}

function resultJson(result: CommandResult): string {
  return result.ok ? '{"ok":true}' : `{"ok":false,"error":${apply(jsonStringify, null, [result.error]) as string}}`;
}

/** Runs one command, as the relay (or, in a worker, the debugger) wrote it; answers its result's JSON. */
export const answerCommand = (text: unknown): string => resultJson(execute(text));

export function listenForCommands(channel: EventTarget): void {
  function onCommand(event: Event): void {
    const detail = answerCommand(read(customEventDetail, event));
    const answer = new CustomEventCtor(EVENT_COMMAND_RESULT, { bubbles: false, cancelable: false, composed: false, detail });
    apply(dispatchEvent, channel, [answer]);
  }
  apply(addEventListener, channel, [EVENT_COMMAND, onCommand]);
}
