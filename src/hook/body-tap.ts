/**
 * Reads a captured fetch response's body as the page reads it, and only as fast.
 *
 * The page keeps its own Response: same object, prototype, url, headers, status. What changes is
 * what its `body` getter returns: a byte stream of the hook's whose every pull reads from the
 * native body (with a BYOB reader when the page's read is one, into a buffer the size of the page's
 * view, so that it gets as many bytes as natively), hands the bytes to the capture, and passes them
 * on. The high-water mark is 0: nothing is read before the page asks, so back-pressure stays the
 * page's and an endless stream the page stops reading is not buffered. Cancelling it cancels the
 * native body (the request ends at the server); an abort or a network error reaches the page as
 * the very error the native body raised.
 *
 * A body reader (`text()`, `json()`, …) on a body nobody read is left to the native, whose result
 * is captured when it settles: same value, same errors, same timing. On a body already locked or
 * read, the readers and `clone()` are left to the native too, with the native body locked as the
 * page's view of it is, so that they fail exactly as natively. `bodyUsed` needs nothing: the native
 * body is disturbed by the first pull, as the page's read would have done. A clone the page makes
 * is not captured: its body is the native's other branch.
 */
import { applyNative, replaceValue, settleAsNative, wrapNative, type AnyFunction } from './disguise';
import { recaptureStack } from './error-stacks';
import type { BodySink } from './http-capture';
import type { StreamGate } from './stream-gate';
import {
  BODY_READERS,
  ReadableStreamCtor,
  ResponsePrototype,
  accessorOf,
  byobReaderCancel,
  byobReaderClosed,
  byobReaderRead,
  byobReaderReleaseLock,
  byobRequestRespond,
  byobRequestView,
  byteControllerByobRequest,
  byteControllerClose,
  byteControllerEnqueue,
  byteControllerError,
  readerCancel,
  readerClosed,
  readerRead,
  readerReleaseLock,
  responseBody,
  responseBodyUsed,
  streamCancel,
  streamGetReader,
  streamLocked,
  then,
  type BodyReaderName,
} from './http-natives';
import {
  NO_ARGS,
  TypeErrorCtor,
  Uint8ArrayCtor,
  apply,
  byteCount,
  createWeakStore,
  defineProperty,
  domExceptionName,
  getOwnPropertyDescriptor,
  getPrototypeOf,
  jsonStringify,
  objectCreate,
  queueMicrotaskNative,
  read,
  textEncode,
  textEncoder,
  typedArrayByteLength,
} from './natives';
import { bytesOfPageValue, isBlob, readBlob } from './payload';

type NativeReader = ReadableStreamDefaultReader<Uint8Array> | ReadableStreamBYOBReader;

interface Tap {
  sink: BodySink;
  /** The stream the page sees as `body`, made when it first asks, and its controller. */
  proxy: ReadableStream<Uint8Array> | null;
  controller: ReadableByteStreamController | null;
  /** The native body's reader, taken at the first pull (or to make a native reader fail as it should). */
  reader: NativeReader | null;
  byob: boolean;
  reading: boolean;
  over: boolean;
  /** A native body reader took the body whole: `body` is the native's from then on. */
  native: boolean;
  /** What the intercept gate hands the page bytes with, made the first time it is asked for. */
  enqueue: ((bytes: Uint8Array) => void) | undefined;
}

const taps = createWeakStore<Response, Tap>();
const ignore = (): void => {};
const same = <T>(value: T): T => value;
const BYOB_OPTIONS = objectCreate(null) as { mode: 'byob' };
BYOB_OPTIONS.mode = 'byob';

const nativeBody = (response: Response): ReadableStream<Uint8Array> => read(responseBody, response) as ReadableStream<Uint8Array>;

/**
 * The native body's reader, of the kind asked for (switched between reads, when none is pending).
 * Its `closed` is watched: an abort or a network error between two of the page's reads fails the
 * page's stream at once, as it would fail the native one.
 */
function readerOf(response: Response, tap: Tap, byob: boolean): NativeReader {
  if (tap.reader && tap.byob === byob) return tap.reader;
  if (tap.reader) apply(tap.byob ? byobReaderReleaseLock : readerReleaseLock, tap.reader, NO_ARGS);
  const reader = apply(streamGetReader, nativeBody(response), byob ? [BYOB_OPTIONS] : NO_ARGS) as NativeReader;
  tap.reader = reader;
  tap.byob = byob;
  then(read(byob ? byobReaderClosed : readerClosed, reader), ignore, (error: unknown) => {
    // A reader released for one of the other kind fails its `closed` too: that is no error.
    if (tap.reader === reader && tap.controller) fail(tap, tap.controller, error);
  });
  return reader;
}

/** An error's name (AbortError, TypeError…), without running a getter the page may have put on it. */
function errorName(error: unknown): string {
  try {
    return read(domExceptionName, error as object);
  } catch {
    // Not a DOMException: a TypeError, say.
  }
  for (let target = typeof error === 'object' ? error : null; target; target = getPrototypeOf(target) as object | null) {
    const name: unknown = getOwnPropertyDescriptor(target, 'name')?.value;
    if (name !== undefined) return typeof name === 'string' ? name : 'error';
  }
  return 'error';
}

/** Runs a step of the capture: a failure there loses the capture, never the page's bytes. */
function capture(step: () => void): void {
  try {
    step();
  } catch {
    // Capture must never disturb the page.
  }
}

function finish(tap: Tap, controller: ReadableByteStreamController): void {
  tap.over = true;
  try {
    apply(byteControllerClose, controller, NO_ARGS);
    // A BYOB read waiting when the stream closes is answered with no bytes, as the standard asks.
    const request = read(byteControllerByobRequest, controller);
    if (request) apply(byobRequestRespond, request, [0]);
  } catch {
    // The page cancelled meanwhile.
  }
  capture(() => tap.sink.end());
}

function fail(tap: Tap, controller: ReadableByteStreamController, error: unknown): void {
  if (tap.over) return;
  tap.over = true;
  try {
    apply(byteControllerError, controller, [error]);
  } catch {
    // The page cancelled meanwhile.
  }
  capture(() => tap.sink.fail('server', errorName(error)));
}

/**
 * One native read per pull, never two at once: the stream pulls again when the page still waits
 * after an enqueue. Nothing is returned to the stream: a returned promise would be looked at
 * (`constructor`, `then`) where the page can see it.
 */
function pull(response: Response, tap: Tap, controller: ReadableByteStreamController): void {
  if (tap.reading || tap.over) return;
  tap.reading = true;
  const request = read(byteControllerByobRequest, controller);
  const reader = readerOf(response, tap, request !== null);
  const read$ = request
    ? apply(byobReaderRead, reader, [new Uint8ArrayCtor(read(typedArrayByteLength, read(byobRequestView, request) as Uint8Array))])
    : apply(readerRead, reader, NO_ARGS);
  then(
    read$ as Promise<ReadableStreamReadResult<Uint8Array>>,
    (result) => {
      tap.reading = false;
      if (tap.over) return;
      const gate = gateOf(tap, controller);
      if (result.done) return gate ? gate.end(() => finish(tap, controller)) : finish(tap, controller);
      const chunk = result.value;
      if (gate) return passGated(response, tap, controller, gate, chunk);
      // Captured first: enqueueing transfers the chunk's buffer to the page's side.
      capture(() => tap.sink.chunk(chunk));
      try {
        if (byteCount(chunk) > 0) apply(byteControllerEnqueue, controller, [chunk]);
        else pull(response, tap, controller);
      } catch {
        // The page cancelled meanwhile: its stream takes no more.
      }
    },
    (error: unknown) => {
      tap.reading = false;
      fail(tap, controller, error);
    },
  );
}

/** The body's intercept gate, when rules are set (http-capture.ts decides). */
function gateOf(tap: Tap, controller: ReadableByteStreamController): StreamGate | null {
  const { sink } = tap;
  if (!sink.gate) return null;
  let gate: StreamGate | null = null;
  capture(() => {
    tap.enqueue ??= enqueueTo(controller);
    gate = (sink.gate as NonNullable<BodySink['gate']>)(tap.enqueue);
  });
  return gate;
}

/** Hands the page bytes the gate lets go. */
const enqueueTo = (controller: ReadableByteStreamController) => (bytes: Uint8Array): void => {
  try {
    apply(byteControllerEnqueue, controller, [bytes]);
  } catch {
    // The page cancelled meanwhile: its stream takes no more.
  }
};

/**
 * A chunk through the gate. When none of it reached the page (a message not complete yet), the
 * page still waits: read on. When the rules hold messages back, nothing is read meanwhile, as on
 * a slow network: once they have gone (or were dropped, and the page still waits), reading goes on.
 */
function passGated(response: Response, tap: Tap, controller: ReadableByteStreamController, gate: StreamGate, chunk: Uint8Array): void {
  let given = true;
  capture(() => {
    given = gate.pass(chunk);
  });
  if (given) return;
  if (gate.holding()) gate.afterHeld(() => pull(response, tap, controller));
  else pull(response, tap, controller);
}

function cancel(response: Response, tap: Tap, reason: unknown): void {
  if (tap.over) return;
  tap.over = true;
  const cancelled = tap.reader
    ? apply(tap.byob ? byobReaderCancel : readerCancel, tap.reader, [reason])
    : apply(streamCancel, nativeBody(response), [reason]);
  then(cancelled as Promise<void>, ignore, ignore);
  capture(() => tap.sink.fail('page', 'cancelled by the page'));
}

function proxyOf(response: Response, tap: Tap): ReadableStream<Uint8Array> {
  if (tap.proxy) return tap.proxy;
  // Prototype-less: the constructor reads these dictionaries' members, never Object.prototype's.
  const source = objectCreate(null) as UnderlyingByteSource;
  source.type = 'bytes';
  source.start = (controller) => {
    tap.controller = controller;
  };
  source.pull = (controller) => pull(response, tap, controller);
  source.cancel = (reason) => cancel(response, tap, reason);
  const strategy = objectCreate(null) as QueuingStrategy<Uint8Array>;
  strategy.highWaterMark = 0;
  const proxy = new ReadableStreamCtor(source, strategy);
  tap.proxy = proxy;
  return proxy;
}

/** The page has locked or read the body: the natives must see it so, to fail as they would. */
function isSpent(response: Response, tap: Tap): boolean {
  if (tap.native) return true;
  if (!tap.proxy || (!tap.reader && !read(streamLocked, tap.proxy))) return false;
  if (!tap.reader) readerOf(response, tap, false);
  return true;
}

/**
 * Whether a native body reader will reject at once because the body was used. (Locked but unused
 * too, but telling would make the body's stream, which a reader of an ordinary response should not
 * pay for.)
 */
const spentNatively = (response: Response): boolean => read(responseBodyUsed, response);

const encode = (text: string): Uint8Array => apply(textEncode, textEncoder, [text]) as Uint8Array;

/** What a native body reader resolved with, as the body's bytes. */
function captureResult(sink: BodySink, name: BodyReaderName, value: unknown): void {
  if (name === 'text' && typeof value === 'string') sink.chunk(encode(value));
  // The text itself is gone once parsed; its JSON is what the page has.
  else if (name === 'json') sink.chunk(encode(apply(jsonStringify, null, [value]) as string));
  else if (typeof value === 'object' && value !== null && isBlob(value)) {
    return readBlob(value, (payload) => {
      if (typeof payload.data !== 'string' && !isBlob(payload.data)) sink.chunk(payload.data);
      sink.end();
    });
  } else if (typeof value === 'object' && value !== null) {
    const bytes = bytesOfPageValue(value);
    if (bytes) sink.chunk(bytes);
  }
  sink.end();
}

/** Starts capturing `response`'s body as the page reads it. Its body must not be null. */
export function tapResponse(response: Response, sink: BodySink): void {
  // Every field in the literal: assigning a missing one later would run a page's setter on Object.prototype.
  taps.set(response, { sink, proxy: null, controller: null, reader: null, byob: false, reading: false, over: false, native: false, enqueue: undefined });
}

/**
 * Puts `bytes` into the body the page reads, after what it holds already: the page reads them as
 * if the server had sent them. Returns why not, or null once done.
 */
export function enqueueInto(response: Response, bytes: Uint8Array): string | null {
  const tap = taps.get(response);
  if (!tap || tap.over) return 'The stream has ended';
  if (tap.native) return 'The page reads this body whole (text(), json()…): nothing can be added to it';
  if (!tap.controller) return 'The page has not started reading this stream yet';
  apply(byteControllerEnqueue, tap.controller, [bytes]);
  return null;
}

/**
 * Ends the body as a dropped connection would: the page's reader fails with a network error, and
 * the request is cancelled, so that the server sees it end. Returns why not, or null once done.
 */
export function abortBody(response: Response): string | null {
  const tap = taps.get(response);
  if (!tap || tap.over) return 'The stream has ended';
  if (tap.native) return 'The page reads this body whole (text(), json()…): it cannot be aborted from here';
  if (!tap.controller) proxyOf(response, tap);
  const controller = tap.controller;
  tap.over = true;
  const cancelled = tap.reader
    ? apply(tap.byob ? byobReaderCancel : readerCancel, tap.reader, NO_ARGS)
    : apply(streamCancel, nativeBody(response), NO_ARGS);
  then(cancelled as Promise<void>, ignore, ignore);
  // Made in a microtask of its own, its stack holds none of the hook's frames.
  queueMicrotaskNative(function networkError() {
    const error = new TypeErrorCtor('network error');
    recaptureStack(error, networkError);
    if (controller) apply(byteControllerError, controller, [error]);
  });
  tap.sink.fail('panel', 'aborted from Frametap');
  return null;
}

function readerWrapper(name: BodyReaderName, native: AnyFunction): AnyFunction {
  const readBody = (target: AnyFunction, thisArg: unknown, args: unknown[]): unknown => {
    const tap = taps.get(thisArg);
    const response = thisArg as Response;
    if (!tap) {
      // Rejected at once, its error was made under this trap: the page must not see that frame.
      const spent = spentNatively(response);
      const result = applyNative<Promise<unknown>>(readBody, target, thisArg, args);
      return spent ? settleAsNative(result, args, same) : result;
    }
    if (isSpent(response, tap)) return settleAsNative(applyNative<Promise<unknown>>(readBody, target, thisArg, args), args, same);
    tap.native = true;
    tap.over = true;
    // A `body` the page holds already is locked now, as the native one is.
    if (tap.proxy) apply(streamGetReader, tap.proxy, NO_ARGS);
    const sink = tap.sink;
    const result = applyNative<Promise<unknown>>(readBody, target, thisArg, args);
    then(result, ignore, (error: unknown) => capture(() => sink.fail('server', errorName(error))));
    return settleAsNative(result, args, (value) => {
      capture(() => captureResult(sink, name, value));
      return value;
    });
  };
  return wrapNative(native, { apply: readBody });
}

export function hookResponseBody(): void {
  const bodyDescriptor = accessorOf(ResponsePrototype, 'body');
  function getBody(target: AnyFunction, thisArg: unknown, args: unknown[]): unknown {
    const tap = taps.get(thisArg);
    const body = applyNative(getBody, target, thisArg, args);
    return tap && !tap.native && body !== null ? proxyOf(thisArg as Response, tap) : body;
  }
  defineProperty(ResponsePrototype, 'body', { ...bodyDescriptor, get: wrapNative(bodyDescriptor.get as AnyFunction, { apply: getBody }) });

  for (let i = 0; i < BODY_READERS.length; i++) {
    const name = BODY_READERS[i] as BodyReaderName;
    const native = ResponsePrototype[name] as AnyFunction | undefined;
    if (native) replaceValue(ResponsePrototype, name, readerWrapper(name, native));
  }

  function clone(target: AnyFunction, thisArg: unknown, args: unknown[]): unknown {
    const tap = taps.get(thisArg);
    if (tap) isSpent(thisArg as Response, tap);
    return applyNative(clone, target, thisArg, args);
  }
  replaceValue(ResponsePrototype, 'clone', wrapNative(ResponsePrototype.clone, { apply: clone }));
}
