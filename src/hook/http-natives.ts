/**
 * The fetch, Response and stream natives the HTTP capture uses, saved at document_start like
 * natives.ts saves the rest.
 */
import { apply, getOwnPropertyDescriptor, getterOf } from './natives';

export const nativeFetch = fetch;
export const ResponseCtor = Response;
export const ResponsePrototype = Response.prototype;
export const responseBody = getterOf<ReadableStream<Uint8Array> | null>(Response.prototype, 'body');
export const responseBodyUsed = getterOf<boolean>(Response.prototype, 'bodyUsed');
export const responseHeaders = getterOf<Headers>(Response.prototype, 'headers');
export const responseUrl = getterOf<string>(Response.prototype, 'url');
export const responseStatus = getterOf<number>(Response.prototype, 'status');
export const responseType = getterOf<ResponseType>(Response.prototype, 'type');
export const headersGet = Headers.prototype.get;
export const RequestPrototype = Request.prototype;
export const requestUrl = getterOf<string>(Request.prototype, 'url');
export const requestMethod = getterOf<string>(Request.prototype, 'method');
export const urlHref = getterOf<string>(URL.prototype, 'href');
export const URLSearchParamsPrototype = URLSearchParams.prototype;
export const urlSearchParamsToString = URLSearchParams.prototype.toString;

/** Response's body readers, by name: for a tapped response, each reads through the tap. */
export const BODY_READERS = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const;
export type BodyReaderName = (typeof BODY_READERS)[number];

export const ReadableStreamCtor = ReadableStream;
export const streamGetReader = ReadableStream.prototype.getReader;
export const streamCancel = ReadableStream.prototype.cancel;
export const streamLocked = getterOf<boolean>(ReadableStream.prototype, 'locked');
export const readerRead = ReadableStreamDefaultReader.prototype.read;
export const readerCancel = ReadableStreamDefaultReader.prototype.cancel;
export const readerClosed = getterOf<Promise<undefined>>(ReadableStreamDefaultReader.prototype, 'closed');
const ByteControllerPrototype = ReadableByteStreamController.prototype;
export const byteControllerEnqueue = ByteControllerPrototype.enqueue;
export const byteControllerClose = ByteControllerPrototype.close;
export const byteControllerError = ByteControllerPrototype.error;

export const promiseThen = Promise.prototype.then;
/** `promise.then(onFulfilled, onRejected)`, whatever the page did to `Promise.prototype`. */
export const then = <T, R>(
  promise: Promise<T>,
  onFulfilled: ((value: T) => R | PromiseLike<R>) | undefined,
  onRejected?: (reason: unknown) => R | PromiseLike<R>,
): Promise<R> => apply(promiseThen, promise, [onFulfilled, onRejected]) as Promise<R>;



/** The getter of `owner[key]` itself, to wrap it in place. */
export function accessorOf(owner: object, key: PropertyKey): PropertyDescriptor {
  const descriptor = getOwnPropertyDescriptor(owner, key);
  if (!descriptor?.get) throw new TypeError(`Frametap: ${String(key)} is not an accessor`);
  return descriptor;
}
export const byteControllerByobRequest = getterOf<ReadableStreamBYOBRequest | null>(ReadableByteStreamController.prototype, 'byobRequest');
export const byobRequestRespond = ReadableStreamBYOBRequest.prototype.respond;
export const readerReleaseLock = ReadableStreamDefaultReader.prototype.releaseLock;
export const byobRequestView = getterOf<ArrayBufferView | null>(ReadableStreamBYOBRequest.prototype, 'view');
export const byobReaderRead = ReadableStreamBYOBReader.prototype.read;
export const byobReaderCancel = ReadableStreamBYOBReader.prototype.cancel;
export const byobReaderReleaseLock = ReadableStreamBYOBReader.prototype.releaseLock;
export const byobReaderClosed = getterOf<Promise<undefined>>(ReadableStreamBYOBReader.prototype, 'closed');
