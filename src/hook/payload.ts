/**
 * Turns a frame's payload into what the hook keeps: text as is (strings are immutable, so a
 * reference is enough), binary as a private copy of its bytes (the page may reuse or transfer its
 * buffer), both cut to MAX_CAPTURED_PAYLOAD_BYTES with the true size kept. This runs on every
 * message of every site, so sizes are counted without allocating, and bytes are copied once and
 * encoded as base64 only if a panel ever reads them (serialize.ts).
 */
import { MAX_CAPTURED_PAYLOAD_BYTES } from '../shared/constants';
import type { Opcode } from '../shared/protocol';
import {
  ArrayBufferPrototype,
  NO_ARGS,
  Uint8ArrayCtor,
  apply,
  arrayBufferByteLength,
  blobSize,
  byteCount,
  blobSlice,
  charCodeAt,
  dataViewBuffer,
  dataViewByteLength,
  dataViewByteOffset,
  encodeInto,
  FileReaderCtor,
  fileReaderReadAsArrayBuffer,
  fileReaderResult,
  setFileReaderOnerror,
  setFileReaderOnload,
  fromCharCode,
  getPrototypeOf,
  isView,
  nativeAtob,
  nativeBtoa,
  read,
  regExpExec,
  stringSlice,
  textEncoder,
  toBase64,
  typedArrayBuffer,
  typedArrayByteLength,
  typedArrayByteOffset,
  typedArraySlice,
  typedArraySubarray,
  typedArrayTag,
} from './natives';

export interface CapturedPayload {
  opcode: Opcode;
  /** Bytes of the whole payload (UTF-8 bytes for text). */
  size: number;
  /** Text, the bytes, or a Blob that is read only if a panel asks for it. */
  data: string | Uint8Array | Blob;
  truncated: boolean;
}

// Shared results, so that counting allocates nothing.
const ONE_BYTE = { bytes: 1, units: 1 };
const TWO_BYTES = { bytes: 2, units: 1 };
const THREE_BYTES = { bytes: 3, units: 1 };
const SURROGATE_PAIR = { bytes: 4, units: 2 };

/** UTF-8 bytes of one code point starting at `i`, and how many UTF-16 units it takes. */
function utf8At(text: string, i: number): { bytes: number; units: number } {
  const unit: number = apply(charCodeAt, text, [i]);
  if (unit < 0x80) return ONE_BYTE;
  if (unit < 0x800) return TWO_BYTES;
  if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
    const next: number = apply(charCodeAt, text, [i + 1]);
    if (next >= 0xdc00 && next <= 0xdfff) return SURROGATE_PAIR;
  }
  // Lone surrogates count as U+FFFD, which is what the browser sends for them.
  return THREE_BYTES;
}

/**
 * Anything that is not ASCII. Most messages are ASCII, whose UTF-8 size is their length: one
 * regular-expression scan tells, far cheaper than a call into the engine's encoder (a few
 * microseconds of its own even for a short string). The saved `exec` is called on this private
 * expression directly, which looks up nothing the page could have replaced.
 */
const NON_ASCII = /[\u0080-\uffff]/;
const isAscii = (text: string): boolean => apply(regExpExec, NON_ASCII, [text]) === null;

/** UTF-16 units per chunk that utf8Size encodes at once. */
const CHUNK_UNITS = 16 * 1024;
/** Reused by utf8Size, every text frame being measured: a unit is at most 3 UTF-8 bytes. */
const SCRATCH = new Uint8Array(3 * CHUNK_UNITS);

/**
 * UTF-8 length of `text`, from the engine's own encoder in bounded chunks (no copy of the whole
 * text, no loop over its characters in script). Lone surrogates count as U+FFFD, as the browser
 * sends them; a chunk never ends between the two halves of a pair.
 */
export function utf8Size(text: string): number {
  if (isAscii(text)) return text.length;
  if (text.length <= CHUNK_UNITS) return (apply(encodeInto, textEncoder, [text, SCRATCH]) as TextEncoderEncodeIntoResult).written;
  let size = 0;
  for (let from = 0; from < text.length; ) {
    // No Math.min: the page may have replaced it.
    let to = from + CHUNK_UNITS < text.length ? from + CHUNK_UNITS : text.length;
    const last: number = apply(charCodeAt, text, [to - 1]);
    if (to < text.length && last >= 0xd800 && last <= 0xdbff) to -= 1;
    const chunk: string = apply(stringSlice, text, [from, to]);
    size += (apply(encodeInto, textEncoder, [chunk, SCRATCH]) as TextEncoderEncodeIntoResult).written;
    from = to;
  }
  return size;
}

/** The longest head of `text` whose UTF-8 fits in `limit` bytes, never splitting a surrogate pair. */
export function utf8Head(text: string, limit: number): string {
  let size = 0;
  let i = 0;
  while (i < text.length) {
    const { bytes, units } = utf8At(text, i);
    if (size + bytes > limit) break;
    size += bytes;
    i += units;
  }
  return apply(stringSlice, text, [0, i]);
}

export function captureText(text: string): CapturedPayload {
  const size = utf8Size(text);
  const truncated = size > MAX_CAPTURED_PAYLOAD_BYTES;
  return { opcode: 'text', size, data: truncated ? utf8Head(text, MAX_CAPTURED_PAYLOAD_BYTES) : text, truncated };
}

/** Base64 of `bytes`: the engine's own encoder where there is one, else `btoa` in chunks. */
export function base64Of(bytes: Uint8Array): string {
  if (toBase64) return apply(toBase64, bytes, NO_ARGS);
  // fromCharCode.apply takes its arguments on the stack: keep each chunk well under its limit.
  const CHUNK = 0x8000;
  let binary = '';
  for (let start = 0, end = byteCount(bytes); start < end; start += CHUNK) {
    const chunk: Uint8Array = apply(typedArraySubarray, bytes, [start, start + CHUNK]);
    binary += apply(fromCharCode, null, chunk as unknown as number[]);
  }
  return nativeBtoa(binary);
}

/** The bytes of base64 text (what the panel sends binary as), or null when it is not base64. */
export function bytesOfBase64(base64: string): Uint8Array | null {
  let binary: string;
  try {
    binary = nativeAtob(base64);
  } catch {
    return null;
  }
  const bytes = new Uint8ArrayCtor(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = apply(charCodeAt, binary, [i]) as number;
  return bytes;
}

/**
 * `bytes` may be a view of the page's own buffer: what is kept is a copy of its head. `size` is
 * the whole payload's when `bytes` is already only its head (a sliced Blob).
 */
export function captureBytes(bytes: Uint8Array, size = byteCount(bytes)): CapturedPayload {
  const truncated = size > MAX_CAPTURED_PAYLOAD_BYTES;
  const available = byteCount(bytes);
  const length = available > MAX_CAPTURED_PAYLOAD_BYTES ? MAX_CAPTURED_PAYLOAD_BYTES : available;
  return { opcode: 'binary', size, data: apply(typedArraySlice, bytes, [0, length]), truncated };
}

/**
 * The bytes of an ArrayBuffer or of any ArrayBufferView (honouring its offset and length) that
 * the page passed to `send()`, or null for anything else. Brand checks only: they read no
 * property the page could have redefined and trigger no Proxy trap.
 */
export function bytesOfPageValue(value: object): Uint8Array | null {
  if (isView(value)) {
    // The TypedArray toStringTag getter returns undefined, without throwing, for a DataView.
    return read(typedArrayTag, value) === undefined
      ? new Uint8ArrayCtor(read(dataViewBuffer, value), read(dataViewByteOffset, value), read(dataViewByteLength, value))
      : new Uint8ArrayCtor(read(typedArrayBuffer, value), read(typedArrayByteOffset, value), read(typedArrayByteLength, value));
  }
  try {
    read(arrayBufferByteLength, value);
  } catch {
    return null;
  }
  return new Uint8ArrayCtor(value as ArrayBuffer);
}

/** Whether `value` is a Blob (or File), by brand check. */
export function isBlob(value: object): value is Blob {
  try {
    read(blobSize, value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bytes of a MessageEvent's binary data, or null when it is a Blob. The browser made this
 * object a moment ago and no page listener has seen it yet, so its prototype tells what it is.
 */
export function bytesOfReceivedValue(value: object): Uint8Array | null {
  return getPrototypeOf(value) === ArrayBufferPrototype ? new Uint8ArrayCtor(value as ArrayBuffer) : null;
}

/**
 * A Blob frame as the hook keeps it: the Blob itself, immutable, so reading it can wait until a
 * panel wants its bytes (most never will).
 */
export function holdBlob(blob: Blob): CapturedPayload {
  const size = read(blobSize, blob);
  return { opcode: 'binary', size, data: blob, truncated: size > MAX_CAPTURED_PAYLOAD_BYTES };
}

/**
 * Reads (the head of) a held Blob, then calls `done`, always exactly once: the frames after it
 * wait. A FileReader, not `Blob.prototype.arrayBuffer`: resolving that promise with an ArrayBuffer
 * looks up `then` on it, which runs any getter the page put on Object.prototype.
 */
export function readBlob(blob: Blob, done: (payload: CapturedPayload) => void): void {
  const size = read(blobSize, blob);
  // An unreadable Blob (revoked, or its file gone) still was a frame: keep its size, no bytes.
  const unreadable = (): void => done({ opcode: 'binary', size, data: new Uint8ArrayCtor(0), truncated: size > 0 });
  try {
    const head: Blob = size > MAX_CAPTURED_PAYLOAD_BYTES ? apply(blobSlice, blob, [0, MAX_CAPTURED_PAYLOAD_BYTES]) : blob;
    if (!FileReaderCtor || !fileReaderReadAsArrayBuffer) return unreadable();
    const reader = new FileReaderCtor();
    apply(setFileReaderOnload, reader, [() => done(captureBytes(new Uint8ArrayCtor(read(fileReaderResult, reader) as ArrayBuffer), size))]);
    apply(setFileReaderOnerror, reader, [unreadable]);
    apply(fileReaderReadAsArrayBuffer, reader, [head]);
  } catch {
    unreadable();
  }
}
