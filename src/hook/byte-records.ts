/**
 * Cuts a byte stream into records at terminator bytes, whatever the chunks: a record may span any
 * number of chunks, and a chunk hold any number of records. Memory is bounded: of a record longer
 * than MAX_CAPTURED_PAYLOAD_BYTES only the head is kept, the rest counted (a 10 MB line without a
 * newline, an endless one). Terminators are ASCII, which no byte of a multi-byte UTF-8 sequence
 * is, so records can be decoded one by one.
 *
 * The chunk a push brings is the page's own and goes on to the page once pushed (a byte stream
 * transfers its buffer), so a record wholly inside a chunk is handed on as a view for the time of
 * the call, and only a record's unfinished tail is copied.
 */
import { MAX_CAPTURED_PAYLOAD_BYTES } from '../shared/constants';
import {
  Uint8ArrayCtor,
  apply,
  byteCount,
  typedArrayIndexOf,
  typedArraySet,
  typedArraySlice,
  typedArraySubarray,
} from './natives';

/** A record's bytes (a view valid during the call only), its true size, and whether it was cut. */
export type RecordSink = (bytes: Uint8Array, size: number, truncated: boolean) => void;

export interface ByteRecords {
  push(chunk: Uint8Array): void;
  /** The stream ended: what the last record holds so far, and its size (0: nothing pending). */
  end(): { bytes: Uint8Array; size: number };
  /** Between two records: no byte of an unfinished one is pending. */
  idle(): boolean;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * `terminators`: LF only; LF, CR and CRLF (the event stream's line ends); one other byte (U+001E
 * for JSON text sequences); or none, for a body kept whole.
 */
export type Terminators = 'lf' | 'lines' | 'none' | number;

const EMPTY = new Uint8ArrayCtor(0);

const indexOf = (bytes: Uint8Array, byte: number, from: number): number => apply(typedArrayIndexOf, bytes, [byte, from]) as number;
const view = (bytes: Uint8Array, from: number, to: number): Uint8Array => apply(typedArraySubarray, bytes, [from, to]) as Uint8Array;

export function createByteRecords(terminators: Terminators, onRecord: RecordSink, limit = MAX_CAPTURED_PAYLOAD_BYTES): ByteRecords {
  // No byte equals -1: a body kept whole is one unfinished record until its end.
  const primary = terminators === 'lf' || terminators === 'lines' ? LF : terminators === 'none' ? -1 : terminators;
  const alsoCr = terminators === 'lines';
  /** Copies of the unfinished record's bytes, at most `limit` of them. */
  let pieces: Uint8Array[] = [];
  let kept = 0;
  let size = 0;
  /** The previous chunk ended in CR: an LF opening this one belongs to it. */
  let afterCr = false;

  function keep(bytes: Uint8Array): void {
    const length = byteCount(bytes);
    size += length;
    const room = limit - kept;
    if (room <= 0 || length === 0) return;
    const piece = apply(typedArraySlice, bytes, [0, length < room ? length : room]) as Uint8Array;
    pieces[pieces.length] = piece;
    kept += byteCount(piece);
  }

  function pending(): Uint8Array {
    if (pieces.length === 1) return pieces[0] as Uint8Array;
    const joined = new Uint8ArrayCtor(kept);
    let at = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as Uint8Array;
      apply(typedArraySet, joined, [piece, at]);
      at += byteCount(piece);
    }
    return joined;
  }

  function finish(tail: Uint8Array): void {
    if (pieces.length === 0) {
      const length = byteCount(tail);
      onRecord(length > limit ? view(tail, 0, limit) : tail, length, length > limit);
      return;
    }
    keep(tail);
    const bytes = pending();
    const total = size;
    pieces = [];
    kept = 0;
    size = 0;
    onRecord(bytes, total, total > byteCount(bytes));
  }

  return {
    push(chunk) {
      const length = byteCount(chunk);
      let from = 0;
      if (afterCr && length > 0 && chunk[0] === LF) from = 1;
      afterCr = false;
      // The next of each terminator, searched again only once passed: one scan of the chunk each.
      let nextPrimary = indexOf(chunk, primary, from);
      let nextCr = alsoCr ? indexOf(chunk, CR, from) : -1;
      while (from < length) {
        let end = nextPrimary;
        if (nextCr !== -1 && (end === -1 || nextCr < end)) end = nextCr;
        if (end === -1) break;
        finish(view(chunk, from, end));
        from = end + 1;
        if (end === nextCr) {
          if (from < length && chunk[from] === LF) from += 1;
          else if (from === length) afterCr = true;
        }
        if (nextPrimary !== -1 && nextPrimary < from) nextPrimary = indexOf(chunk, primary, from);
        if (nextCr !== -1 && nextCr < from) nextCr = indexOf(chunk, CR, from);
      }
      if (from < length) keep(view(chunk, from, length));
    },
    idle: () => size === 0,
    end() {
      const result = { bytes: pieces.length === 0 ? EMPTY : pending(), size };
      pieces = [];
      kept = 0;
      size = 0;
      return result;
    },
  };
}
