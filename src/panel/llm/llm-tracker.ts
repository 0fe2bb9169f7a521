/**
 * Finds the LLM token streams among the store's Server-Sent Events and assembles each response,
 * incrementally: after every batch it reads the frames appended since, once each, in order. A
 * connection is recognised by its frames (the SSE event type and the JSON's shape), whatever
 * opened it; one connection may carry several responses (an EventSource that reconnects, a
 * stream of `[DONE]`-separated answers), each its own stream.
 *
 * Cheap for what is not an LLM stream: WebSocket frames cost one check, and an SSE connection
 * whose first SNIFF_FRAMES frames are none is not looked at again. Bounded for what is: each
 * stream caps its text (stream-assembler.ts), and past MAX_HELD_UNITS in all the oldest finished
 * streams are forgotten (their frames then say so).
 */
import { effect } from '@preact/signals';
import type { Store } from '../store/store';
import { readFrame } from './frame-reader';
import { applyFrame, createStream, startsAnother, streamCost, type RequestMark, type Stream } from './stream-assembler';

/** SSE frames an unrecognised connection gets to show it is an LLM stream. */
export const SNIFF_FRAMES = 64;
/** Text and index held by all streams together, in UTF-16 units (2 bytes each). */
export const MAX_HELD_UNITS = 16 * 1024 * 1024;
/** Responses remembered per connection (a forgotten one keeps a small slot until then). */
const MAX_SLOTS_PER_CONNECTION = 1000;

export type StreamLookup = { kind: 'stream'; stream: Stream } | { kind: 'forgotten' };

export interface LlmTracker {
  /** The LLM stream message `id` belongs to, or null when it belongs to none. */
  streamOf(id: number): StreamLookup | null;
}

interface Slot {
  firstId: number;
  lastId: number;
  /** null once forgotten by the budget. */
  stream: Stream | null;
}

interface ConnLlm {
  /** SSE frames read before the connection was recognised. */
  sniffed: number;
  recognised: boolean;
  slots: Slot[];
  /** The response still streaming, if any. */
  open: Slot | null;
  holePending: boolean;
  /** When the next response's request went out, as well as the panel can tell. */
  requestTime: number;
  requestMark: RequestMark;
  opened: boolean;
}

export function createLlmTracker(store: Store): LlmTracker {
  const { log } = store;
  const connections = new Map<number, ConnLlm>();
  /** Slots holding a stream, oldest first, for the budget. */
  const held: Slot[] = [];
  let heldUnits = 0;
  let scannedTo = 0;

  function connState(connIndex: number): ConnLlm {
    let state = connections.get(connIndex);
    if (!state) {
      const startTime = store.connectionsByIndex.peek().get(connIndex)?.startTime ?? 0;
      state = { sniffed: 0, recognised: false, slots: [], open: null, holePending: false, requestTime: startTime, requestMark: 'request', opened: false };
      connections.set(connIndex, state);
    }
    return state;
  }

  function forgetOldest(): void {
    for (let i = 0; i < held.length && heldUnits > MAX_HELD_UNITS; ) {
      const slot = held[i]!;
      if (slot.stream && !slot.stream.ended) {
        i++;
        continue;
      }
      heldUnits -= slot.stream ? streamCost(slot.stream) : 0;
      slot.stream = null;
      held.splice(i, 1);
    }
  }

  function startStream(state: ConnLlm, id: number, time: number): Slot {
    const previous = state.slots[state.slots.length - 1]?.stream;
    let requestTime = state.requestTime;
    let requestMark = state.requestMark;
    // A second answer on the same request: its wait starts when the previous one ended.
    if (previous && previous.stats.lastChunkTime !== null && previous.stats.lastChunkTime > requestTime) {
      requestTime = previous.stats.lastChunkTime;
      requestMark = 'previous response';
    }
    const stream = createStream(id, Math.min(requestTime, time), requestMark);
    stream.holes = state.holePending;
    state.holePending = false;
    const slot: Slot = { firstId: id, lastId: id, stream };
    state.slots.push(slot);
    if (state.slots.length > MAX_SLOTS_PER_CONNECTION) state.slots.shift();
    held.push(slot);
    return slot;
  }

  function onFrame(state: ConnLlm, id: number): void {
    if (log.dirAt(id) !== 'in') return;
    const read = readFrame(log.eventAt(id) ?? 'message', log.dataAt(id));
    if (!read) {
      if (!state.recognised) state.sniffed++;
      else if (state.open?.stream) {
        state.open.stream.unread++;
        state.open.lastId = id;
        state.open.stream.lastId = id;
      }
      return;
    }
    state.recognised = true;
    let slot = state.open;
    if (slot?.stream && startsAnother(slot.stream, read)) slot = null;
    const time = log.timeAt(id);
    slot ??= startStream(state, id, time);
    state.open = slot;
    slot.lastId = id;
    const stream = slot.stream;
    if (!stream) return;
    if (state.holePending) {
      stream.holes = true;
      state.holePending = false;
    }
    const before = streamCost(stream);
    applyFrame(stream, id, time, read);
    heldUnits += streamCost(stream) - before;
    if (stream.ended) state.open = null;
    if (heldUnits > MAX_HELD_UNITS) forgetOldest();
  }

  function onRow(id: number): void {
    const kind = log.kindAt(id);
    // WebSocket frames (no SSE event type) cost this one check.
    if (kind === 'frame' && log.eventAt(id) === undefined) return;
    const connIndex = log.connIndexAt(id);
    const state = connState(connIndex);
    if (kind === 'frame' && !state.recognised && state.sniffed >= SNIFF_FRAMES) return;
    // The store writes a gap row wherever the connection's sequence numbers skip: events that never
    // reached the panel. (Its other events, a fetch stream's request say, are no hole.)
    if (kind === 'gap') state.holePending = true;
    if (kind === 'frame') onFrame(state, id);
    else if (kind === 'open') {
      // An EventSource's later opens are its reconnections: a new request, answered anew.
      if (state.opened) {
        state.requestTime = log.timeAt(id);
        state.requestMark = 'reconnection';
      }
      state.opened = true;
    }
  }

  function catchUp(): void {
    const end = log.endId;
    if (scannedTo >= end) return;
    // The budget evicted rows before they were read (a batch bigger than it): whose, the log no
    // longer says, so every stream still being read may have a hole.
    if (scannedTo < log.firstId) for (const state of connections.values()) if (state.open) state.holePending = true;
    // Pinned ids too: a batch can pin a quiet connection's frames before they are read.
    log.forEachRetained(onRow, scannedTo);
    scannedTo = end;
  }

  // Read after every batch, not on demand: a stream is assembled from all its frames, and the
  // budgets may drop the old ones before anyone asks.
  effect(() => {
    void store.revision.value;
    catchUp();
  });

  return {
    streamOf(id) {
      catchUp();
      if (!log.has(id)) return null;
      const state = connections.get(log.connIndexAt(id));
      if (!state?.recognised) return null;
      const slot = findSlot(state.slots, id);
      if (!slot) return null;
      return slot.stream ? { kind: 'stream', stream: slot.stream } : { kind: 'forgotten' };
    },
  };
}

/** The slot whose id range holds `id` (binary search: slots ascend and do not overlap). */
function findSlot(slots: readonly Slot[], id: number): Slot | null {
  let lo = 0;
  let hi = slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (slots[mid]!.firstId <= id) lo = mid + 1;
    else hi = mid;
  }
  const slot = slots[lo - 1];
  return slot && id <= slot.lastId ? slot : null;
}
