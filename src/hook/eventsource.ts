/**
 * Captures every EventSource of the page, the way websocket.ts does WebSockets: a Proxy over the
 * native constructor and over `close`, state in a WeakMap, native listeners registered first.
 *
 * Named events are the catch: `event: price` in the stream is dispatched as an event of type
 * `price`, and only listeners for that type see it. So `addEventListener` is wrapped too: when
 * the page starts listening for a type on an EventSource, the hook first adds its own listener
 * for it, which therefore runs before the page's. A named event nobody on the page listens for
 * is invisible to the page as well, and is not captured: Frametap shows what the page can see.
 * (`onmessage`, `onopen` and `onerror` need nothing: they are `message`, `open` and `error`,
 * which are always observed.)
 *
 * `addEventListener` is inherited from EventTarget.prototype; giving EventSource.prototype an
 * own wrapper would change its own keys, so the EventTarget method is wrapped, and does nothing
 * more than the native unless its receiver is a tracked EventSource.
 */
import { openConnection, record, type Connection } from './connection';
import { applyNative, constructNative, replaceValue, wrapNative, type AnyFunction } from './disguise';
import type { Emit } from './emitter';
import { runEventSourceCommand } from './eventsource-commands';
import {
  CLOSED,
  CONNECTING,
  NativeEventSource,
  nativeClose,
  recordClose,
  sourceReadyState,
  sourceUrl,
  sourceWithCredentials,
} from './eventsource-natives';
import { captureText } from './payload';
import { isPrimitive } from './primitive';
import { deferEvent, holdingBack, interceptMessage, intercepting, type Endpoint } from './intercept/interceptor';
import { dispatchMessage, dispatchPlainEvent } from './message-event';
import {
  MessageEventPrototype,
  NO_ARGS,
  stopImmediatePropagation,
  addEventListener as nativeAddEventListener,
  apply,
  createWeakStore,
  eventType,
  getPrototypeOf,
  messageEventData,
  messageEventLastEventId,
  read,
} from './natives';
import { registerTarget } from './targets';
import { frameUrl } from './frame-url';

const ALWAYS_OBSERVED = ['open', 'message', 'error'] as const;

interface SourceState {
  connection: Connection;
  /** Event types the hook listens for on this source. */
  observed: string[];
}

const sources = createWeakStore<EventSource, SourceState>();

function onSourceEvent(this: EventSource, event: Event): void {
  try {
    const state = sources.get(this);
    // A page may dispatch synthetic events on its source; only the browser's are traffic.
    if (!state || !event.isTrusted) return;
    const { connection } = state;
    const type = read(eventType, event);
    // The server names events freely (even `event: error`): a MessageEvent is always data. The
    // event is fresh from the browser and no page listener has run yet, so its prototype is true.
    if (getPrototypeOf(event) === MessageEventPrototype) {
      onMessage(this, connection, event, type);
      return;
    }
    if (type === 'open') {
      record(connection, { type: 'open', protocol: '', extensions: '' });
    } else if (type === 'error') {
      const readyState = read(sourceReadyState, this);
      record(connection, { type: 'error', reconnecting: readyState === CONNECTING });
      // The browser gave up (an HTTP error, a wrong content type, a 204): the source is over.
      if (readyState === CLOSED) recordClose(connection, 'server');
    } else return;
    // A reconnection's `error` and `open` come after the events that rules still hold.
    if (holdingBack(connection, 'in')) {
      apply(stopImmediatePropagation, event, NO_ARGS);
      deferEvent(endpointOf(this, connection), () => dispatchPlainEvent(this, type));
    }
  } catch {
    // Capture must never disturb the page: a failure here loses an event, nothing more.
  }
}

/** Lazily, the first time rules look at one of its events. */
const endpoints = createWeakStore<EventSource, Endpoint>();

function endpointOf(source: EventSource, connection: Connection): Endpoint {
  let endpoint = endpoints.get(source);
  if (!endpoint) {
    const url = read(sourceUrl, source);
    endpoint = { connection, url, receiveText: (data) => dispatchMessage(source, url, { type: 'message', data, lastEventId: '' }) };
    endpoints.set(source, endpoint);
  }
  return endpoint;
}

function onMessage(source: EventSource, connection: Connection, event: Event, type: string): void {
  const data = read(messageEventData, event) as string;
  const lastEventId = read(messageEventLastEventId, event);
  const payload = captureText(data);
  if (!intercepting(connection)) {
    record(connection, { type: 'frame', dir: 'in', via: 'page', ...payload, event: type, lastEventId });
    return;
  }
  const endpoint = endpointOf(source, connection);
  const taken = interceptMessage(endpoint, {
    dir: 'in',
    text: data,
    payload,
    event: type,
    lastEventId,
    // Once the page (or the panel) has closed the source, nothing more reaches it, held or not.
    deliver: () => connection.closeInitiator === null && dispatchMessage(source, endpoint.url, { type, data, lastEventId }),
    deliverAs: (text) => connection.closeInitiator === null && dispatchMessage(source, endpoint.url, { type, data: text, lastEventId }),
  });
  if (taken) apply(stopImmediatePropagation, event, NO_ARGS);
}

/** Adds the hook's listener for `type` on a tracked source, unless it has one already. */
function observe(source: EventSource, state: SourceState, type: string): void {
  const { observed } = state;
  for (let i = 0; i < observed.length; i++) if (observed[i] === type) return;
  observed[observed.length] = type;
  apply(nativeAddEventListener, source, [type, onSourceEvent]);
}

function track(source: EventSource, emit: Emit): void {
  const connection = openConnection(emit);
  const state: SourceState = { connection, observed: [] };
  sources.set(source, state);
  registerTarget(connection, source, runEventSourceCommand);
  record(connection, {
    type: 'create',
    kind: 'sse',
    url: read(sourceUrl, source),
    protocols: [],
    withCredentials: read(sourceWithCredentials, source),
    frameUrl: frameUrl(),
  });
  for (let i = 0; i < ALWAYS_OBSERVED.length; i++) observe(source, state, ALWAYS_OBSERVED[i] as string);
}

export function hookEventSource(emit: Emit): void {
  function construct(target: typeof EventSource, args: unknown[], newTarget: AnyFunction): EventSource {
    const source = constructNative(construct, target, args, newTarget);
    try {
      track(source, emit);
    } catch {
      // The page keeps its source; only its capture is lost.
    }
    return source;
  }

  function close(target: typeof nativeClose, thisArg: unknown, args: unknown[]): void {
    const state = sources.get(thisArg);
    const before = state ? read(sourceReadyState, thisArg as EventSource) : CLOSED;
    applyNative(close, target, thisArg, args);
    if (state && before !== CLOSED) recordClose(state.connection, 'page');
  }

  function listen(target: typeof nativeAddEventListener, thisArg: unknown, args: unknown[]): void {
    const state = sources.get(thisArg);
    // Only a primitive type is converted here: converting an object would run page code twice.
    // A null listener adds nothing, for the page or for the hook.
    if (state && args.length > 1 && args[1] !== null && args[1] !== undefined && isPrimitive(args[0])) {
      try {
        observe(thisArg as EventSource, state, `${args[0] as string}`);
      } catch {
        // Capture must never disturb the page.
      }
    }
    return applyNative(listen, target, thisArg, args);
  }

  const HookedEventSource = wrapNative(NativeEventSource, { construct });
  replaceValue(NativeEventSource.prototype, 'close', wrapNative(nativeClose, { apply: close }));
  replaceValue(NativeEventSource.prototype, 'constructor', HookedEventSource);
  replaceValue(EventTarget.prototype, 'addEventListener', wrapNative(nativeAddEventListener, { apply: listen }));
  replaceValue(globalThis, 'EventSource', HookedEventSource);
}
