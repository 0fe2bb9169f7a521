/**
 * Which frames hold parts of one message, for the byte-stream protocols whose messages span
 * frames (MQTT): the panel's side of the decoders' reassembly (src/decode/reassembly.ts).
 *
 * Learnt as frames are decoded in order. A frame that starts while the previous frame of its
 * connection and direction ended with a fragment continues that frame; once a message completes,
 * every frame it came from points at the frame that carries it. Both are kept for every retained
 * frame (a few numbers each), so a part of a message scrolled far back still knows its message,
 * and an old frame can be decoded anew from where its message began (`runTo`).
 */
import type { Decoded, DecodeResult } from '../../decode';
import type { Direction } from '../../shared/protocol';

/** The message a fragment frame is part of, and which part the frame is. */
export interface PartOf {
  /** The frame that completes and carries the message. */
  id: number;
  /** 1-based, of `parts`. */
  part: number;
  parts: number;
}

export interface FragmentLinks {
  /** Learns from the in-order decode of frame `id` (sequence number `seq`) of connection `connIndex`. */
  add(connIndex: number, id: number, dir: Direction, seq: number, result: DecodeResult): void;
  partOf(id: number): PartOf | undefined;
  /** The ids of the frames the first message of `id` came from, in order, `id` last; empty when it lies within `id`. */
  partsOf(id: number): readonly number[];
  /**
   * The frames to decode, in order, to decode `id` as it was decoded in order: from the frame its
   * first message began in. A string says why that cannot be done.
   */
  runTo(id: number): readonly number[] | string;
  /** Forgets a connection's open fragments and what is known of `ids` (its re-decode). */
  forget(connIndex: number, ids: Iterable<number>): void;
  /** Forgets frames the log no longer holds. */
  prune(has: (id: number) => boolean): void;
  readonly size: number;
}

/** Frames decoded anew to rebuild an old frame's messages: as many as one message may span. */
export const MAX_RUN_FRAMES = 1024;

const NO_PARTS: readonly number[] = [];

export function createFragmentLinks(seqOf: (id: number) => number): FragmentLinks {
  /** A frame → the frame before it, of its direction, whose fragment it continues. */
  const continues = new Map<number, number>();
  const parts = new Map<number, PartOf>();
  /** `<connIndex> <dir>` → the last frame decoded, while it ended with a fragment. */
  const open = new Map<string, number>();

  /** Walks back from `id` along `continues`, matching the seqs the message names. */
  function contributors(id: number, message: Decoded): number[] {
    const frames = message.frames ?? [];
    const ids = [id];
    let at = id;
    for (let i = frames.length - 2; i >= 0; i--) {
      const previous = continues.get(at);
      if (previous === undefined || seqOf(previous) !== frames[i]) break;
      ids.unshift(previous);
      at = previous;
    }
    return ids;
  }

  return {
    add(connIndex, id, dir, seq, result) {
      const key = `${connIndex} ${dir}`;
      const previous = open.get(key);
      if (previous !== undefined) continues.set(id, previous);
      if (result.ok && result.fragment) open.set(key, id);
      else open.delete(key);
      const first = result.ok ? result.messages[0] : undefined;
      if (!first?.frames || first.frames.at(-1) !== seq) return;
      const ids = contributors(id, first);
      ids.forEach((part, i) => {
        if (part !== id) parts.set(part, { id, part: i + 1, parts: first.frames?.length ?? ids.length });
      });
    },

    partOf: (id) => parts.get(id),

    partsOf(id) {
      const previous = continues.get(id);
      if (previous === undefined) return NO_PARTS;
      const ids = [id];
      for (let at: number | undefined = previous; at !== undefined && parts.get(at)?.id === id; at = continues.get(at)) ids.unshift(at);
      return ids.length > 1 ? ids : NO_PARTS;
    },

    runTo(id) {
      const run = [id];
      for (let at = continues.get(id); at !== undefined; at = continues.get(at)) {
        // Each frame continuing the one before: no boundary to start from within reach.
        if (run.length >= MAX_RUN_FRAMES) return `over ${MAX_RUN_FRAMES} frames from one that starts at a message boundary: too far to decode again`;
        run.unshift(at);
      }
      return run;
    },

    forget(connIndex, ids) {
      open.delete(`${connIndex} in`);
      open.delete(`${connIndex} out`);
      for (const id of ids) {
        continues.delete(id);
        parts.delete(id);
      }
    },

    prune(has) {
      for (const id of continues.keys()) if (!has(id)) continues.delete(id);
      for (const id of parts.keys()) if (!has(id)) parts.delete(id);
    },

    get size() {
      return continues.size + parts.size;
    },
  };
}
