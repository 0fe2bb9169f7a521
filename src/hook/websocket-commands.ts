/**
 * The panel's commands on a page's WebSocket, run with the saved natives (never the page's
 * possibly patched methods) and checked first, so that a command that cannot work is an error for
 * the panel and nothing at all for the page: no exception, no event.
 */
import type { CommandResult, HookCommand, Opcode } from '../shared/protocol';
import { recordFrame, type Connection } from './connection';
import { blobOf, dispatchMessage } from './message-event';
import { NO_ARGS, apply, read, toWellFormed, typedArrayBuffer } from './natives';
import { bytesOfBase64, captureBytes, captureText, utf8Size, type CapturedPayload } from './payload';
import { RELEASED_ELSEWHERE, SUCCESS, failure } from './targets';
import { sever } from './websocket-sever';
import { CLOSING, CONNECTING, OPEN, nativeClose, nativeSend, socketBinaryType, socketReadyState, socketUrl } from './websocket-natives';

/** RFC 6455 §5.5: a close frame's body is at most 125 bytes, 2 of them the code. */
const MAX_CLOSE_REASON_BYTES = 123;

/** Why the socket cannot carry a message now, or null when it is open. */
function notOpen(socket: WebSocket): string | null {
  switch (read(socketReadyState, socket)) {
    case OPEN:
      return null;
    case CONNECTING:
      return 'Socket is still connecting';
    case CLOSING:
      return 'Socket is closing';
    default:
      return 'Socket is closed';
  }
}

interface Decoded {
  /** What goes to the native: the text, or the bytes. */
  value: string | Uint8Array;
  captured: CapturedPayload;
}

function decode(opcode: Opcode, data: string): Decoded | null {
  if (opcode === 'text') {
    // What the browser puts on the wire for lone surrogates (U+FFFD), as for the page's own sends.
    const text: string = apply(toWellFormed, data, NO_ARGS);
    return { value: text, captured: captureText(text) };
  }
  const bytes = bytesOfBase64(data);
  return bytes && { value: bytes, captured: captureBytes(bytes) };
}

const NOT_BASE64 = failure('The binary message is not valid base64');

function send(socket: WebSocket, connection: Connection, opcode: Opcode, data: string): CommandResult {
  const state = notOpen(socket);
  if (state) return failure(state);
  const message = decode(opcode, data);
  if (!message) return NOT_BASE64;
  apply(nativeSend, socket, [message.value]);
  recordFrame(connection, 'out', 'panel', message.captured);
  return SUCCESS;
}

/** A received message as the page's listeners get it: text, or bytes as `binaryType` asks. */
function inject(socket: WebSocket, connection: Connection, opcode: Opcode, data: string): CommandResult {
  const state = notOpen(socket);
  if (state) return failure(state);
  const message = decode(opcode, data);
  if (!message) return NOT_BASE64;
  const { value } = message;
  const delivered: string | ArrayBuffer | Blob =
    typeof value === 'string'
      ? value
      : read(socketBinaryType, socket) === 'blob'
        ? blobOf(value)
        : (read(typedArrayBuffer, value) as ArrayBuffer);
  // Recorded before the page's handlers run, so that what they send in reply comes after it.
  recordFrame(connection, 'in', 'inject', message.captured);
  dispatchMessage(socket, read(socketUrl, socket), { type: 'message', data: delivered, lastEventId: '' });
  return SUCCESS;
}

/** The checks `WebSocket#close` would throw for, made first. */
function closeArgumentError(code: number | undefined, reason: string): string | null {
  if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) return 'The close code must be 1000 or 3000–4999';
  if (utf8Size(reason) > MAX_CLOSE_REASON_BYTES) return `The close reason must be at most ${MAX_CLOSE_REASON_BYTES} bytes of UTF-8`;
  return null;
}

function close(socket: WebSocket, connection: Connection, code: number | undefined, reason = ''): CommandResult {
  const invalid = closeArgumentError(code, reason);
  if (invalid) return failure(invalid);
  const state = read(socketReadyState, socket);
  if (state === CLOSING) return failure('Socket is already closing');
  if (state !== OPEN && state !== CONNECTING) return failure('Socket is closed');
  connection.closeInitiator ??= 'panel';
  // A reason needs a code; 1000 is what the browser would send for a bare close().
  apply(nativeClose, socket, code === undefined && reason === '' ? NO_ARGS : [code ?? 1000, reason]);
  return SUCCESS;
}

export function runWebSocketCommand(socket: WebSocket, connection: Connection, command: HookCommand): CommandResult {
  switch (command.op) {
    case 'send':
      return send(socket, connection, command.opcode, command.data);
    case 'inject':
      return inject(socket, connection, command.opcode, command.data);
    case 'close':
      return close(socket, connection, command.code, command.reason);
    case 'sever':
      return sever(socket, connection);
    case 'release':
      return RELEASED_ELSEWHERE;
  }
}
