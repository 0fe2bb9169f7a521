/**
 * The built-ins the hook relies on, saved when this module is evaluated: at document_start, before
 * any page script exists. A page may later replace or patch any global or prototype method
 * (`JSON.stringify`, `Array.prototype.push`, `EventTarget.prototype.addEventListener`, …); the hook
 * only ever calls these saved references, through `apply`, so such a page neither breaks capture
 * nor sees the hook at work.
 *
 * The WebSocket and EventSource natives are saved by their own modules, which the entry imports
 * at the same moment.
 */

/** Saved `Reflect` functions: they need no receiver, so holding them is enough. */
export const { apply, construct, defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Reflect;

export const ProxyCtor = Proxy;
export const objectKeys = Object.keys;
export const hasOwn = Object.hasOwn;
export const isArray = Array.isArray;
export const jsonStringify = JSON.stringify;
export const jsonParse = JSON.parse;
export const objectCreate = Object.create;
/** `window.Symbol` is writable: a page could put its own in its place. */
export const symbolIterator = Symbol.iterator;
export const fromCharCode = String.fromCharCode;
export const stringSlice = String.prototype.slice;
export const stringIndexOf = String.prototype.indexOf;
export const stringTrimEnd = String.prototype.trimEnd;
export const charCodeAt = String.prototype.charCodeAt;
export const regExpExec = RegExp.prototype.exec;
export const RegExpCtor = RegExp;
export const textEncoder = new TextEncoder();
export const encodeInto = TextEncoder.prototype.encodeInto;
export const textEncode = TextEncoder.prototype.encode;
export const TextDecoderCtor = TextDecoder;
export const textDecoderDecode = TextDecoder.prototype.decode;
/** ES2024: what the browser does to a page string before sending it (lone surrogates → U+FFFD). */
export const toWellFormed = (String.prototype as unknown as { toWellFormed(this: string): string }).toWellFormed;
export const functionToString = Function.prototype.toString;
export const captureStackTrace = Error.captureStackTrace;
export const TypeErrorCtor = TypeError;
export const ErrorPrototype = Error.prototype;
export const DOMExceptionPrototype = DOMException.prototype;
/** ES2026, Chromium 134+: a brand check for errors that runs no Proxy trap. */
export const isError = (Error as { isError?: (value: unknown) => boolean }).isError;
export const nativeSetTimeout = setTimeout;
export const queueMicrotaskNative = queueMicrotask;
export const MessageChannelCtor = MessageChannel;
export const messagePortPostMessage = MessagePort.prototype.postMessage;
export const setMessagePortOnmessage = getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')?.set as (this: MessagePort, handler: () => void) => void;
export const nativeBtoa = btoa;
export const nativeAtob = atob;

/** Shared empty argument list for getters and argument-less methods. */
export const NO_ARGS: readonly [] = [];

/** The getter of an accessor property, to read it later whatever the page did to the prototype. */
export function getterOf<T>(proto: object, key: PropertyKey): (this: object) => T {
  const descriptor = getOwnPropertyDescriptor(proto, key);
  const get = descriptor?.get;
  if (!get) throw new TypeError(`Frametap: no getter ${String(key)}`);
  return get as (this: object) => T;
}

/** Reads an accessor through its saved getter. */
export const read = <T>(get: (this: object) => T, target: object): T => apply(get, target, NO_ARGS);

// --- Binary data -------------------------------------------------------------------------------

export const Uint8ArrayCtor = Uint8Array;
export const isView = ArrayBuffer.isView;
export const arrayBufferByteLength = getterOf<number>(ArrayBuffer.prototype, 'byteLength');
const TypedArrayPrototype = getPrototypeOf(Uint8Array.prototype) as object;
/** Returns the element type name for a TypedArray and undefined (no throw) for anything else. */
export const typedArrayTag = getterOf<string | undefined>(TypedArrayPrototype, Symbol.toStringTag);
export const typedArrayBuffer = getterOf<ArrayBufferLike>(TypedArrayPrototype, 'buffer');
export const typedArrayByteOffset = getterOf<number>(TypedArrayPrototype, 'byteOffset');
export const typedArrayByteLength = getterOf<number>(TypedArrayPrototype, 'byteLength');
/** Bytes of a Uint8Array the hook holds: `length` is a getter the page can replace on the prototype. */
export const byteCount = (bytes: Uint8Array): number => read(typedArrayByteLength, bytes);
export const typedArraySubarray = Uint8Array.prototype.subarray;
export const typedArraySlice = Uint8Array.prototype.slice;
export const typedArraySet = Uint8Array.prototype.set;
export const typedArrayIndexOf = Uint8Array.prototype.indexOf;
export const dataViewBuffer = getterOf<ArrayBufferLike>(DataView.prototype, 'buffer');
export const dataViewByteOffset = getterOf<number>(DataView.prototype, 'byteOffset');
export const dataViewByteLength = getterOf<number>(DataView.prototype, 'byteLength');
/** Chromium 140+ has `Uint8Array.prototype.toBase64`; older engines get the chunked `btoa` path. */
export const toBase64: ((this: Uint8Array) => string) | undefined = (
  Uint8Array.prototype as Uint8Array & { toBase64?: (this: Uint8Array) => string }
).toBase64;

export const ArrayBufferPrototype = ArrayBuffer.prototype;
export const blobSize = getterOf<number>(Blob.prototype, 'size');
export const blobSlice = Blob.prototype.slice;
/** Every page has a FileReader; Node, where the unit tests run, has none (Blobs then read as unreadable). */
export const FileReaderCtor = (globalThis as { FileReader?: typeof FileReader }).FileReader;
const fileReaderPrototype: object = FileReaderCtor?.prototype ?? {};
type ReaderHandler = (this: FileReader, handler: () => void) => void;
export const fileReaderReadAsArrayBuffer = FileReaderCtor?.prototype.readAsArrayBuffer;
export const fileReaderResult = getOwnPropertyDescriptor(fileReaderPrototype, 'result')?.get as (this: object) => ArrayBuffer | string | null;
export const setFileReaderOnload = getOwnPropertyDescriptor(fileReaderPrototype, 'onload')?.set as ReaderHandler;
export const setFileReaderOnerror = getOwnPropertyDescriptor(fileReaderPrototype, 'onerror')?.set as ReaderHandler;
export const BlobCtor = Blob;

// --- Events and the channel --------------------------------------------------------------------

export const EventCtor = Event;
/** Every page has CloseEvent; Node, where the unit tests run, has none before version 23. */
export const CloseEventCtor = (globalThis as { CloseEvent?: typeof CloseEvent }).CloseEvent as typeof CloseEvent;
export const stopImmediatePropagation = Event.prototype.stopImmediatePropagation;
export const CustomEventCtor = CustomEvent;
export const customEventDetail = getterOf<unknown>(CustomEvent.prototype, 'detail');
export const MessageEventCtor = MessageEvent;
export const addEventListener = EventTarget.prototype.addEventListener;
export const dispatchEvent = EventTarget.prototype.dispatchEvent;
export const eventType = getterOf<string>(Event.prototype, 'type');
export const MessageEventPrototype = MessageEvent.prototype;
export const messageEventData = getterOf<unknown>(MessageEvent.prototype, 'data');
export const messageEventLastEventId = getterOf<string>(MessageEvent.prototype, 'lastEventId');
export const domExceptionName = getterOf<string>(DOMException.prototype, 'name');

export const URLCtor = URL;
export const urlOrigin = getterOf<string>(URL.prototype, 'origin');

// --- Time and randomness -----------------------------------------------------------------------

const performanceNow = performance.now;
const performanceObject = performance;
const timeOrigin = performance.timeOrigin;
/** Epoch milliseconds with sub-millisecond precision. */
export const now = (): number => timeOrigin + apply(performanceNow, performanceObject, NO_ARGS);

export const getRandomValues = crypto.getRandomValues.bind(crypto);

// --- Weak maps ---------------------------------------------------------------------------------

export const WeakRefCtor = WeakRef;
const weakRefDeref = WeakRef.prototype.deref;
/** `ref.deref()`, whatever the page did to `WeakRef.prototype`. */
export const deref = <T extends object>(ref: WeakRef<T>): T | undefined => apply(weakRefDeref, ref, NO_ARGS) as T | undefined;

const weakMapGet = WeakMap.prototype.get;
const weakMapSet = WeakMap.prototype.set;

export interface WeakStore<K extends object, V> {
  get(key: unknown): V | undefined;
  set(key: K, value: V): void;
}

/** A WeakMap whose methods the page cannot intercept by patching `WeakMap.prototype`. */
export function createWeakStore<K extends object, V>(): WeakStore<K, V> {
  const map = new WeakMap<K, V>();
  return {
    // A primitive key makes WeakMap#get return undefined, never throw.
    get: (key) => apply(weakMapGet, map, [key]) as V | undefined,
    set: (key, value) => {
      apply(weakMapSet, map, [key, value]);
    },
  };
}
