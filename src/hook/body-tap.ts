/**
 * Reads a captured fetch response's body as the page reads it, and only as fast.
 *
 * The page keeps its own Response: same object, prototype, url, headers, status. What changes is
 * what its `body` getter returns: a byte stream of the hook's (so BYOB readers, `pipeThrough`, async
 * iteration all work) whose every pull reads one chunk of the native body, hands it to the capture,
 * and passes it on. The high-water mark is 0, so nothing is read before the page asks: back-pressure
 * stays the page's, and an endless stream the page stops reading is not buffered. Cancelling it
 * cancels the native body (the request ends at the server); an abort or a network error reaches the
 * page as the very error the native stream raised.
 *
 * The body readers (`text()`, `json()`, …) read through the same stream, so their result is
 * captured too; when the body is already locked or read, they and `clone()` are left to the native,
 * with the native body locked like the page's view of it, so that they fail exactly as natively.
 * `bodyUsed` needs nothing: the native body is disturbed by the first pull, as the page's read
 * would have done. A clone the page makes is not captured: its body is the native's other branch.
 */
import type { BodySink } from './http-capture';
import { BODY_READERS, ReadableStreamCtor, ResponseCtor, ResponsePrototype, accessorOf, byobRequestRespond, byteControllerByobRequest, byteControllerClose, byteControllerEnqueue, byteControllerError, readerCancel, readerRead, responseBody, responseHeaders, streamCancel, streamGetReader, streamLocked, then } from './http-natives';
import { applyNative, replaceValue, wrapNative, type AnyFunction } from './disguise';
import { NO_ARGS, apply, byteCount, createWeakStore, defineProperty, domExceptionName, getOwnPropertyDescriptor, getPrototypeOf, objectCreate, read } from './natives';

interface Tap {
  sink: BodySink;
  /** The stream the page sees as `body`, made when it first asks. */
  proxy: ReadableStream<Uint8Array> | null;
  /** The native body's reader, taken at the first pull (or to make a native reader fail as it should). */
  reader: ReadableStreamDefaultReader<Uint8Array> | null;
  reading: boolean;
  over: boolean;
}

const taps = createWeakStore<Response, Tap>();
const ignore = (): void => {};

function acquire(response: Response, tap: Tap): ReadableStreamDefaultReader<Uint8Array> {
  if (tap.reader) return tap.reader;
  const body = read(responseBody, response) as ReadableStream<Uint8Array>;
  const reader = apply(streamGetReader, body, NO_ARGS) as ReadableStreamDefaultReader<Uint8Array>;
  tap.reader = reader;
  return reader;
}

function finish(tap: Tap, controller: ReadableByteStreamController): void {
  tap.over = true;
  apply(byteControllerClose, controller, NO_ARGS);
  // A BYOB read waiting when the stream closes is answered with no bytes, as the standard asks.
  const request = read(byteControllerByobRequest, controller);
  if (request) apply(byobRequestRespond, request, [0]);
  tap.sink.end();
}

function fail(tap: Tap, controller: ReadableByteStreamController, error: unknown): void {
  if (tap.over) return;
  tap.over = true;
  apply(byteControllerError, controller, [error]);
  tap.sink.fail('server', errorName(error));
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

/**
 * One native read per pull, never two at once: the stream pulls again when the page still waits
 * after an enqueue. Nothing is returned to the stream: a returned promise would be looked at
 * (`constructor`, `then`) where the page can see it.
 */
function pull(response: Response, tap: Tap, controller: ReadableByteStreamController): void {
  if (tap.reading || tap.over) return;
  tap.reading = true;
  const reader = acquire(response, tap);
  then(
    apply(readerRead, reader, NO_ARGS) as Promise<ReadableStreamReadResult<Uint8Array>>,
    (result) => {
      tap.reading = false;
      if (tap.over) return;
      try {
        if (result.done) return finish(tap, controller);
        const chunk = result.value;
        // Captured first: enqueueing transfers the chunk's buffer to the page's side.
        tap.sink.chunk(chunk);
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

function cancel(response: Response, tap: Tap, reason: unknown): void {
  if (tap.over) return;
  tap.over = true;
  const cancelled = tap.reader
    ? apply(readerCancel, tap.reader, [reason])
    : apply(streamCancel, read(responseBody, response) as ReadableStream, [reason]);
  then(cancelled as Promise<void>, ignore, ignore);
  tap.sink.fail('page', 'cancelled by the page');
}

function proxyOf(response: Response, tap: Tap): ReadableStream<Uint8Array> {
  if (tap.proxy) return tap.proxy;
  // Prototype-less: the constructor reads these dictionaries' members, never Object.prototype's.
  const source = objectCreate(null) as UnderlyingByteSource;
  source.type = 'bytes';
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
  if (!tap.proxy || (!tap.reader && !read(streamLocked, tap.proxy))) return false;
  acquire(response, tap);
  return true;
}

/** Starts capturing `response`'s body as the page reads it. Its body must not be null. */
export function tapResponse(response: Response, sink: BodySink): void {
  taps.set(response, { sink, proxy: null, reader: null, reading: false, over: false });
}

export function hookResponseBody(): void {
  const bodyDescriptor = accessorOf(ResponsePrototype, 'body');
  const nativeGet = bodyDescriptor.get as AnyFunction;
  function getBody(target: AnyFunction, thisArg: unknown, args: unknown[]): unknown {
    const tap = taps.get(thisArg);
    return tap ? proxyOf(thisArg as Response, tap) : applyNative(getBody, target, thisArg, args);
  }
  defineProperty(ResponsePrototype, 'body', { ...bodyDescriptor, get: wrapNative(nativeGet, { apply: getBody }) });

  for (let i = 0; i < BODY_READERS.length; i++) {
    const name = BODY_READERS[i] as (typeof BODY_READERS)[number];
    const native = ResponsePrototype[name] as AnyFunction | undefined;
    if (!native) continue;
    const readBody = (target: AnyFunction, thisArg: unknown, args: unknown[]): unknown => {
      const tap = taps.get(thisArg);
      if (!tap || isSpent(thisArg as Response, tap)) return applyNative(readBody, target, thisArg, args);
      // A stand-in over the page's view of the body, with the headers that give a Blob its type
      // and form data its boundary.
      const init = objectCreate(null) as ResponseInit;
      init.headers = read(responseHeaders, thisArg as Response);
      return apply(target, new ResponseCtor(proxyOf(thisArg as Response, tap), init), args);
    };
    replaceValue(ResponsePrototype, name, wrapNative(native, { apply: readBody }));
  }

  const nativeClone = ResponsePrototype.clone;
  function clone(target: AnyFunction, thisArg: unknown, args: unknown[]): unknown {
    const tap = taps.get(thisArg);
    if (tap) isSpent(thisArg as Response, tap);
    return applyNative(clone, target, thisArg, args);
  }
  replaceValue(ResponsePrototype, 'clone', wrapNative(nativeClone, { apply: clone }));
}
