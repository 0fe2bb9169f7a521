/**
 * Captures every WebSocket of the page: `window.WebSocket` becomes a Proxy over the native
 * constructor, and `send` / `close` Proxies over the native methods. A Proxy keeps everything
 * the page can inspect native (prototype, statics, constants, `name`, `length`, `instanceof`,
 * exceptions, `class X extends WebSocket`); per-socket state lives in a WeakMap, never on the
 * socket. The hook listens with the native `addEventListener`, registered inside the
 * constructor, so it sees every event before any page listener, and never alters one.
 */
import { openConnection, record, recordFrame, type Connection } from './connection';
import { applyNative, constructNative, replaceValue, wrapNative, type AnyFunction } from './disguise';
import type { Emit } from './emitter';
import { bytesOfPageValue, bytesOfReceivedValue, captureBytes, captureText, holdBlob, isBlob } from './payload';
import { requestedProtocols } from './protocols';
import { NO_ARGS, addEventListener, apply, createWeakStore, eventType, messageEventData, read, toWellFormed } from './natives';
import { forgetTarget, registerTarget } from './targets';
import { runWebSocketCommand } from './websocket-commands';
import {
  CONNECTING,
  NativeWebSocket,
  OPEN,
  closeEventCode,
  closeEventReason,
  closeEventWasClean,
  nativeClose,
  nativeSend,
  socketExtensions,
  socketProtocol,
  socketReadyState,
  socketUrl,
} from './websocket-natives';

const OBSERVED_EVENTS = ['open', 'message', 'error', 'close'] as const;

/** Every socket the page made through the hooked constructor (a subclass's included). */
const sockets = createWeakStore<WebSocket, Connection>();

function onSocketEvent(this: WebSocket, event: Event): void {
  try {
    const connection = sockets.get(this);
    // A page may dispatch synthetic events on its socket; only the browser's are traffic.
    if (!connection || !event.isTrusted) return;
    switch (read(eventType, event)) {
      case 'open':
        record(connection, { type: 'open', protocol: read(socketProtocol, this), extensions: read(socketExtensions, this) });
        break;
      case 'message': {
        // `binaryType` decides what binary data is: an ArrayBuffer, or a Blob.
        const data = read(messageEventData, event) as string | ArrayBuffer | Blob;
        if (typeof data === 'string') recordFrame(connection, 'in', 'page', captureText(data));
        else {
          const bytes = bytesOfReceivedValue(data);
          recordFrame(connection, 'in', 'page', bytes ? captureBytes(bytes) : holdBlob(data as Blob));
        }
        break;
      }
      case 'error':
        record(connection, { type: 'error', reconnecting: false });
        break;
      case 'close':
        forgetTarget(connection);
        record(connection, {
          type: 'close',
          code: read(closeEventCode, event),
          reason: read(closeEventReason, event),
          wasClean: read(closeEventWasClean, event),
          initiator: connection.closeInitiator ?? 'server',
        });
        break;
    }
  } catch {
    // Capture must never disturb the page: a failure here loses an event, nothing more.
  }
}

function track(socket: WebSocket, args: readonly unknown[], emit: Emit): void {
  const connection = openConnection(emit);
  sockets.set(socket, connection);
  registerTarget(connection, socket, runWebSocketCommand);
  record(connection, {
    type: 'create',
    kind: 'ws',
    url: read(socketUrl, socket),
    protocols: requestedProtocols(args.length > 1 ? args[1] : undefined),
    withCredentials: false,
    frameUrl: location.href,
  });
  // An index loop: for…of would call the page's Array.prototype[Symbol.iterator].
  for (let i = 0; i < OBSERVED_EVENTS.length; i++) apply(addEventListener, socket, [OBSERVED_EVENTS[i], onSocketEvent]);
}

/** What send() puts on the wire: bytes, a Blob, or the string the browser converts its argument to. */
type Outgoing = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'blob'; blob: Blob } | { kind: 'text'; text: string };

/**
 * Classifies send()'s argument as the browser's WebIDL conversion does. An object that is no
 * buffer, view or Blob becomes a string by calling its `toString`: done once here, and the string
 * handed to the native, so that the page's code does not run twice. Null when that conversion
 * throws: the native is then left to throw its own error.
 */
function outgoing(data: unknown): Outgoing | null {
  if (typeof data === 'string') return { kind: 'text', text: data };
  if ((typeof data === 'object' && data !== null) || typeof data === 'function') {
    const bytes = bytesOfPageValue(data);
    if (bytes) return { kind: 'bytes', bytes };
    if (isBlob(data)) return { kind: 'blob', blob: data };
  }
  try {
    return { kind: 'text', text: `${data as string}` };
  } catch {
    return null;
  }
}

function recordSent(connection: Connection, message: Outgoing): void {
  if (message.kind === 'text') recordFrame(connection, 'out', 'page', captureText(apply(toWellFormed, message.text, NO_ARGS)));
  else if (message.kind === 'bytes') recordFrame(connection, 'out', 'page', captureBytes(message.bytes));
  else recordFrame(connection, 'out', 'page', holdBlob(message.blob));
}

export function hookWebSocket(emit: Emit): void {
  function construct(target: typeof WebSocket, args: unknown[], newTarget: AnyFunction): WebSocket {
    const socket = constructNative(construct, target, args, newTarget);
    try {
      track(socket, args, emit);
    } catch {
      // The page keeps its socket; only its capture is lost.
    }
    return socket;
  }

  function send(target: typeof nativeSend, thisArg: unknown, args: unknown[]): void {
    const connection = sockets.get(thisArg);
    const message = connection && args.length > 0 ? outgoing(args[0]) : null;
    if (!connection || !message) return applyNative(send, target, thisArg, args);
    applyNative(send, target, thisArg, message.kind === 'text' ? [message.text] : args);
    try {
      // Once closing, the browser discards what is sent: no frame leaves.
      if (read(socketReadyState, thisArg as WebSocket) === OPEN) recordSent(connection, message);
    } catch {
      // Capture must never disturb the page.
    }
  }

  function close(target: typeof nativeClose, thisArg: unknown, args: unknown[]): void {
    const connection = sockets.get(thisArg);
    const before = connection ? read(socketReadyState, thisArg as WebSocket) : -1;
    applyNative(close, target, thisArg, args);
    // Only a close() that starts the closing handshake makes the page its initiator.
    if (connection && connection.closeInitiator === null && (before === CONNECTING || before === OPEN)) {
      connection.closeInitiator = 'page';
    }
  }

  const HookedWebSocket = wrapNative(NativeWebSocket, { construct });
  replaceValue(NativeWebSocket.prototype, 'send', wrapNative(nativeSend, { apply: send }));
  replaceValue(NativeWebSocket.prototype, 'close', wrapNative(nativeClose, { apply: close }));
  replaceValue(NativeWebSocket.prototype, 'constructor', HookedWebSocket);
  replaceValue(globalThis, 'WebSocket', HookedWebSocket);
}
