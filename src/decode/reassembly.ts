/**
 * Messages of a byte stream whose chunks (WebSocket frames here; later fetch/XHR body chunks)
 * need not line up with them: one chunk may hold several messages, part of one, or the end of one
 * and the start of the next. A reassembler serves one direction of one connection; the protocol
 * says where a message ends through its framer, and the reassembler hands back whole messages,
 * each with the chunks it came from.
 *
 * Bounded: a message is buffered up to `maxMessageBytes` and `maxChunks` chunks. A message whose
 * header claims more is skipped, its bytes counted but not kept, so the stream stays in step when
 * the length is true; a message that runs past the limit without saying its length (a delimiter
 * that never comes), or bytes that cannot be framed at all, cost the rest of their chunk: the next
 * chunk is taken to start a message, which is where most senders start one.
 */
import type { Fragment } from './types';

/** What a framer reads at the start of a message. */
export type Framing =
  /** A whole message of `length` bytes starts here. */
  | { complete: number; kind?: string }
  /**
   * The message runs past the bytes at hand. `length`: its whole size, once the header says it;
   * `kind`: what it is, for a user (`PUBLISH`), once known; `resume`: where to look again for
   * its end once more bytes arrive (a delimiter not among the bytes before it).
   */
  | { incomplete: true; length?: number; kind?: string; resume?: number }
  /** These bytes cannot start a message of the protocol. */
  | { invalid: string };

/**
 * Reads the header of the message that starts at `bytes[0]`. Called again with more bytes while a
 * message is incomplete, with the `resume` it returned: a framer that scans for a delimiter
 * starts there, so that a message arriving in n chunks is not scanned n times.
 */
export type Framer = (bytes: Uint8Array, resume: number) => Framing;

/** A whole message and the tokens (frame sequence numbers) of the chunks it came from, in order. */
export interface Reassembled {
  bytes: Uint8Array;
  chunks: number[];
}

export interface ChunkResult {
  messages: Reassembled[];
  /** Whole messages past `maxMessagesPerChunk`: framed, to stay in step, but not handed back. */
  uncounted: number;
  /** Why some bytes were dropped, in the order it happened. */
  problems: string[];
  unfinished?: Fragment;
}

export interface Reassembler {
  push(chunk: Uint8Array, token: number): ChunkResult;
  /** Bytes were lost from the stream (a frame cut or refused): forget the message in progress. */
  interrupt(): void;
}

export interface ReassemblyLimits {
  maxMessageBytes: number;
  /** Chunks one message may span. */
  maxChunks: number;
  maxMessagesPerChunk: number;
}

export const DEFAULT_LIMITS: ReassemblyLimits = { maxMessageBytes: 1024 * 1024, maxChunks: 1024, maxMessagesPerChunk: 1000 };

/** A buffer that doubles as it fills, so appending n one-byte chunks costs O(n), not O(n²). */
class GrowingBuffer {
  private bytes = new Uint8Array(64);
  length = 0;

  append(part: Uint8Array): void {
    if (this.length + part.length > this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + part.length));
      next.set(this.bytes.subarray(0, this.length));
      this.bytes = next;
    }
    this.bytes.set(part, this.length);
    this.length += part.length;
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  clear(): void {
    // A large buffer is let go rather than kept for the connection's life.
    if (this.bytes.length > 4096) this.bytes = new Uint8Array(64);
    this.length = 0;
  }
}

const describe = (kind: string | undefined): string => kind ?? 'message';

export function createReassembler(framer: Framer, limits: ReassemblyLimits = DEFAULT_LIMITS): Reassembler {
  const buffer = new GrowingBuffer();
  /** The chunks the buffered bytes came from. */
  let chunks: number[] = [];
  let pending: { kind?: string; length?: number; resume?: number } = {};
  /** An oversized message being skipped: its bytes still to come, and what it was. */
  let skip: { left: number; kind?: string; length: number; received: number } | null = null;

  function reset(): void {
    buffer.clear();
    chunks = [];
    pending = {};
  }

  function tooLarge(kind: string | undefined, length: number): string {
    return `${describe(kind)} of ${length} bytes is over the ${limits.maxMessageBytes}-byte reassembly limit: skipped`;
  }

  function push(chunk: Uint8Array, token: number): ChunkResult {
    const result: ChunkResult = { messages: [], uncounted: 0, problems: [] };
    let pos = 0;

    if (skip) {
      const n = Math.min(skip.left, chunk.length);
      skip.left -= n;
      skip.received += n;
      pos = n;
      if (skip.left > 0) {
        result.unfinished = { kind: skip.kind, bytesHere: n, received: skip.received, length: skip.length, starts: false, skipped: true };
        return result;
      }
      result.problems.push(`end of the skipped ${describe(skip.kind)} of ${skip.length} bytes`);
      skip = null;
    }

    while (pos < chunk.length) {
      const carried = buffer.length;
      const rest = chunk.subarray(pos);
      // Whole messages within the chunk are read in place; only a message in progress is copied.
      let bytes = rest;
      if (carried > 0) {
        const room = (pending.length ?? limits.maxMessageBytes) - carried;
        buffer.append(rest.subarray(0, Math.max(0, room)));
        // Several messages of one frame (SockJS batches them) are one chunk of the stream.
        if (chunks.at(-1) !== token) chunks.push(token);
        bytes = buffer.view();
      }
      const framing = framer(bytes, carried > 0 ? (pending.resume ?? 0) : 0);

      if ('invalid' in framing) {
        result.problems.push(framing.invalid);
        reset();
        return result;
      }

      if ('complete' in framing) {
        const length = framing.complete;
        if (!(length > carried && length <= bytes.length)) {
          // A framer's bug must not loop forever or read past the bytes.
          result.problems.push(`${describe(framing.kind)} framed as ${length} bytes of ${bytes.length}`);
          reset();
          return result;
        }
        if (result.messages.length >= limits.maxMessagesPerChunk) result.uncounted++;
        // The buffer is reused, the chunk is the caller's: only a buffered message needs its copy.
        else result.messages.push({ bytes: carried > 0 ? bytes.slice(0, length) : bytes.subarray(0, length), chunks: carried > 0 ? chunks : [token] });
        pos += length - carried;
        reset();
        continue;
      }

      // Incomplete: keep what is here, unless it is more than the limits allow.
      const received = carried > 0 ? bytes.length : rest.length;
      const length = framing.length;
      if (length !== undefined && length > limits.maxMessageBytes) {
        result.problems.push(tooLarge(framing.kind, length));
        skip = { left: length - received, kind: framing.kind, length, received };
        reset();
        result.unfinished = { kind: framing.kind, bytesHere: received - carried, received, length, starts: carried === 0, skipped: true };
        return result;
      }
      if (received >= limits.maxMessageBytes || chunks.length >= limits.maxChunks) {
        const why = received >= limits.maxMessageBytes ? `${limits.maxMessageBytes} bytes` : `${limits.maxChunks} frames`;
        result.problems.push(`${describe(framing.kind)} runs past ${why} without ending: dropped`);
        reset();
        return result;
      }
      if (carried === 0) {
        buffer.append(rest);
        chunks = [token];
      }
      pending = { kind: framing.kind, length, resume: framing.resume };
      result.unfinished = { kind: framing.kind, bytesHere: received - carried, received, length, starts: carried === 0 };
      return result;
    }
    return result;
  }

  return {
    push,
    interrupt() {
      reset();
      skip = null;
    },
  };
}
