/**
 * Captures the XMLHttpRequest responses capture-rules.ts picks, by listening to the request: the
 * page's object, its events and their order are untouched. `open` and `send` are wrapped to note
 * the method and the request body; an asynchronous request gets the hook's `readystatechange`
 * listener, which decides at HEADERS_RECEIVED (and leaves an ordinary request alone from then on),
 * reads the new part of `responseText` each time it grows, and the whole response at DONE for the
 * other response types. A synchronous request is left entirely alone.
 */
import { isTextualType, type CaptureRules } from './capture-rules';
import { applyNative, replaceValue, wrapNative, type AnyFunction } from './disguise';
import type { Emit } from './emitter';
import { captureExchange, type BodySink, type ExchangeSink } from './http-capture';
import { XhrPrototype, removeEventListener, xhrAbort, xhrGetResponseHeader, xhrOpen, xhrReadyState, xhrResponse, xhrResponseText, xhrResponseType, xhrResponseUrl, xhrSend, xhrStatus } from './xhr-natives';
import {
  NO_ARGS,
  addEventListener,
  apply,
  createWeakStore,
  jsonStringify,
  now,
  read,
  stringSlice,
  textEncode,
  textEncoder,
} from './natives';
import { bytesOfPageValue } from './payload';
import { isPrimitive } from './primitive';
import { requestBodyOf } from './request-body';
import { xhrStreamRunner } from './stream-commands';
import { SUCCESS, failure, registerTarget } from './targets';

interface RequestState {
  method: string;
  async: boolean;
  listening: boolean;
  requestTime: number;
  body: unknown;
  sink: BodySink | null;
  /** UTF-16 units of `responseText` already captured. */
  seen: number;
  abortedBy: 'page' | 'panel' | null;
}

const HEADERS_RECEIVED = 2;
const LOADING = 3;
const DONE = 4;

const requests = createWeakStore<XMLHttpRequest, RequestState>();

const encode = (text: string): Uint8Array => apply(textEncode, textEncoder, [text]) as Uint8Array;

/** The part of `responseText` not captured yet, for the response types that have one. */
function pushNewText(xhr: XMLHttpRequest, state: RequestState, sink: BodySink): void {
  const text = read(xhrResponseText, xhr);
  if (text.length <= state.seen) return;
  sink.chunk(encode(apply(stringSlice, text, [state.seen]) as string));
  state.seen = text.length;
}

/** A response of another type, whole, once it is DONE. */
function pushWholeResponse(xhr: XMLHttpRequest, type: XMLHttpRequestResponseType, sink: BodySink): void {
  const response = read(xhrResponse, xhr);
  if (response === null || typeof response !== 'object') return;
  if (type === 'arraybuffer') {
    const bytes = bytesOfPageValue(response);
    if (bytes) sink.chunk(bytes);
  } else if (type === 'json') {
    // The text itself is gone once parsed; its JSON is what the page has.
    sink.chunk(encode(apply(jsonStringify, null, [response]) as string));
  }
}

function decide(emit: Emit, rules: CaptureRules, xhr: XMLHttpRequest, state: RequestState): ExchangeSink | null {
  const url = read(xhrResponseUrl, xhr);
  const contentType = apply(xhrGetResponseHeader, xhr, ['content-type']) as string | null;
  const capture = rules.captureOf(state.method, url, contentType, state.requestTime);
  if (!capture) return null;
  return captureExchange(emit, capture, {
    api: 'xhr',
    method: state.method,
    url,
    requestTime: state.requestTime,
    status: read(xhrStatus, xhr),
    textual: contentType === null || isTextualType(contentType),
    body: requestBodyOf(state.body),
  });
}

/** The panel aborts a stream as the page would, with the native `abort()`: the page hears of it. */
const abortFromPanel = xhrStreamRunner((xhr) => {
  const state = requests.get(xhr);
  if (!state?.sink) return failure('The request has ended');
  state.abortedBy = 'panel';
  apply(xhrAbort, xhr, NO_ARGS);
  return SUCCESS;
});

export function hookXhr(emit: Emit, rules: CaptureRules): void {
  function onReadyStateChange(this: XMLHttpRequest, event: Event): void {
    try {
      const state = requests.get(this);
      if (!state || !event.isTrusted) return;
      const readyState = read(xhrReadyState, this);
      if (readyState === HEADERS_RECEIVED && !state.sink) {
        const sink = decide(emit, rules, this, state);
        state.sink = sink;
        if (sink?.kind === 'stream') registerTarget(sink.connection, this, abortFromPanel);
        if (!sink) {
          state.listening = false;
          apply(removeEventListener, this, ['readystatechange', onReadyStateChange]);
        }
        return;
      }
      const sink = state.sink;
      if (!sink || readyState < LOADING) return;
      const type = read(xhrResponseType, this);
      const textual = type === '' || type === 'text';
      if (textual) pushNewText(this, state, sink);
      if (readyState !== DONE) return;
      state.sink = null;
      if (read(xhrStatus, this) === 0) {
        const by = state.abortedBy;
        return sink.fail(by ?? 'server', by === 'page' ? 'aborted by the page' : by === 'panel' ? 'aborted from Frametap' : 'network error');
      }
      if (!textual) pushWholeResponse(this, type, sink);
      sink.end();
    } catch {
      // Capture must never disturb the page.
    }
  }

  function open(target: AnyFunction, thisArg: unknown, args: unknown[]): unknown {
    const result = applyNative(open, target, thisArg, args);
    try {
      const previous = requests.get(thisArg);
      // Opening again aborts the request under way.
      previous?.sink?.fail('page', 'aborted by open()');
      // Only a primitive method is converted here (the native took it, so it converts): converting
      // an object would run page code twice.
      const method = args[0];
      requests.set(thisArg as XMLHttpRequest, {
        method: isPrimitive(method) ? `${method as string}` : 'GET',
        async: args.length < 3 || !!args[2],
        listening: previous?.listening ?? false,
        requestTime: 0,
        body: undefined,
        sink: null,
        seen: 0,
        abortedBy: null,
      });
    } catch {
      // The page keeps its request; only its capture is lost.
    }
    return result;
  }

  function send(target: AnyFunction, thisArg: unknown, args: unknown[]): unknown {
    const state = requests.get(thisArg);
    if (state?.async) {
      try {
        state.requestTime = now();
        state.body = args[0];
        if (!state.listening) {
          state.listening = true;
          apply(addEventListener, thisArg, ['readystatechange', onReadyStateChange]);
        }
      } catch {
        // The page keeps its request; only its capture is lost.
      }
    }
    return applyNative(send, target, thisArg, args);
  }

  function abort(target: AnyFunction, thisArg: unknown, args: unknown[]): unknown {
    const state = requests.get(thisArg);
    if (state && !state.abortedBy) state.abortedBy = 'page';
    return applyNative(abort, target, thisArg, args);
  }

  replaceValue(XhrPrototype, 'open', wrapNative(xhrOpen, { apply: open }));
  replaceValue(XhrPrototype, 'send', wrapNative(xhrSend, { apply: send }));
  replaceValue(XhrPrototype, 'abort', wrapNative(xhrAbort, { apply: abort }));
}
