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
import { bytesOfPageValue, bytesOfReceivedValue, captureBytes, captureText, holdBlob, isBlob, type CapturedPayload } from './payload';
import { requestedProtocols } from './protocols';
import {
  NO_ARGS,
  addEventListener,
  apply,
  createWeakStore,
  eventType,
  messageEventData,
  read,
  stopImmediatePropagation,
  toWellFormed,
  typedArraySlice,
} from './natives';
import { deferEvent, holdingBack, interceptMessage, intercepting, sendHeldBeforeClose, type Endpoint, type Message } from './intercept/interceptor';
import { dispatchCloseEvent, dispatchMessage, dispatchPlainEvent } from './message-event';
import { isSevered } from './websocket-sever';
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
import { frameUrl } from './frame-url';

const OBSERVED_EVENTS = ['open', 'message', 'error', 'close'] as const;
/** RFC 6455 §7.4.1: the connection was closed without a close frame. */
const ABNORMAL_CLOSURE = 1006;

/** Every socket the page made through the hooked constructor (a subclass's included). */
const sockets = createWeakStore<WebSocket, Connection>();

/** A socket's received message, for the rules. */
function receivedMessage(socket: WebSocket, url: string, data: string | ArrayBuffer | Blob, payload: CapturedPayload): Message {
  return {
    dir: 'in',
    text: typeof data === 'string' ? data : null,
    payload,
    deliver: () => dispatchMessage(socket, url, { type: 'message', data, lastEventId: '' }),
    deliverAs: (text) => dispatchMessage(socket, url, { type: 'message', data: text, lastEventId: '' }),
  };
}

function onMessage(socket: WebSocket, connection: Connection, event: Event): void {
  // `binaryType` decides what binary data is: an ArrayBuffer, or a Blob.
  const data = read(messageEventData, event) as string | ArrayBuffer | Blob;
  let payload: CapturedPayload;
  if (typeof data === 'string') payload = captureText(data);
  else {
    const bytes = bytesOfReceivedValue(data);
    payload = bytes ? captureBytes(bytes) : holdBlob(data as Blob);
  }
  if (!intercepting(connection)) return recordFrame(connection, 'in', 'page', payload);
  const endpoint = endpointOf(socket, connection);
  if (interceptMessage(endpoint, receivedMessage(socket, endpoint.url, data, payload))) apply(stopImmediatePropagation, event, NO_ARGS);
}

/**
 * The socket's close as the page must see it: after the messages rules still hold, and, for a
 * simulated network drop, as the error and the 1006 a lost network gives.
 */
function onClose(socket: WebSocket, connection: Connection, event: Event): void {
  forgetTarget(connection);
  const drop = isSevered(socket);
  const code = drop ? ABNORMAL_CLOSURE : read(closeEventCode, event);
  const reason = drop ? '' : read(closeEventReason, event);
  const wasClean = drop ? false : read(closeEventWasClean, event);
  if (drop) record(connection, { type: 'error', reconnecting: false });
  record(connection, { type: 'close', code, reason, wasClean, initiator: connection.closeInitiator ?? 'server' });
  const held = holdingBack(connection, 'in');
  if (!drop && !held) return;
  apply(stopImmediatePropagation, event, NO_ARGS);
  const deliver = (): void => {
    if (drop) dispatchPlainEvent(socket, 'error');
    dispatchCloseEvent(socket, code, reason, wasClean);
  };
  if (held) deferEvent(endpointOf(socket, connection), deliver);
  else deliver();
}

function onSocketEvent(this: WebSocket, event: Event): void {
  try {
    const connection = sockets.get(this);
    // A page may dispatch synthetic events on its socket; only the browser's are traffic.
    if (!connection || !event.isTrusted) return;
    switch (read(eventType, event)) {
      case 'open':
        record(connection, { type: 'open', protocol: read(socketProtocol, this), extensions: read(socketExtensions, this) });
        break;
      case 'message':
        // After a network drop, nothing more reaches the page.
        if (isSevered(this)) apply(stopImmediatePropagation, event, NO_ARGS);
        else onMessage(this, connection, event);
        break;
      case 'error':
        record(connection, { type: 'error', reconnecting: false });
        if (holdingBack(connection, 'in')) {
          apply(stopImmediatePropagation, event, NO_ARGS);
          deferEvent(endpointOf(this, connection), () => dispatchPlainEvent(this, 'error'));
        }
        break;
      case 'close':
        onClose(this, connection, event);
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
    frameUrl: frameUrl(),
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

/**
 * A sent message, for the rules. What it delivers later is what the page sent now: its text, a
 * copy of its bytes (the page may reuse its buffer meanwhile), or its Blob, which cannot change.
 */
function sentMessage(socket: WebSocket, message: Outgoing): Message {
  const sendNow = (value: string | Uint8Array | Blob) => () => apply(nativeSend, socket, [value]);
  const deliverAs = (text: string): void => apply(nativeSend, socket, [text]);
  if (message.kind === 'text') {
    const text: string = apply(toWellFormed, message.text, NO_ARGS);
    return { dir: 'out', text, payload: captureText(text), deliver: sendNow(text), deliverAs };
  }
  if (message.kind === 'blob') return { dir: 'out', text: null, payload: holdBlob(message.blob), deliver: sendNow(message.blob), deliverAs };
  const copy: Uint8Array = apply(typedArraySlice, message.bytes, NO_ARGS);
  return { dir: 'out', text: null, payload: captureBytes(copy), deliver: sendNow(copy), deliverAs };
}

/** Lazily, the first time rules look at one of its messages. */
const endpoints = createWeakStore<WebSocket, Endpoint>();

function endpointOf(socket: WebSocket, connection: Connection): Endpoint {
  let endpoint = endpoints.get(socket);
  if (!endpoint) {
    const url = read(socketUrl, socket);
    endpoint = { connection, url, receiveText: (text) => dispatchMessage(socket, url, { type: 'message', data: text, lastEventId: '' }) };
    endpoints.set(socket, endpoint);
  }
  return endpoint;
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
    const socket = thisArg as WebSocket;
    // Only a send() that puts a frame on the wire goes through the rules: the others throw, or
    // are discarded, natively.
    if (intercepting(connection) && read(socketReadyState, socket) === OPEN) {
      let taken = false;
      try {
        taken = interceptMessage(endpointOf(socket, connection), sentMessage(socket, message));
      } catch {
        // The rules must never disturb the page: the message goes as it was.
      }
      if (!taken) applyNative(send, target, thisArg, message.kind === 'text' ? [message.text] : args);
      return;
    }
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
    if (connection && before === OPEN && holdingBack(connection, 'out')) sendHeldBeforeClose(connection);
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
