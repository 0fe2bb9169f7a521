/**
 * What the grid shows: an ordered list of message ids over the log, addressed by row.
 *
 * The unfiltered view is the log's pinned ids followed by its ring's id range, and costs nothing
 * to make. A filtered view is an index kept up to date incrementally: each new revision scans
 * only the messages appended since the last one, forgets the evicted ones, and keeps the matching
 * ones that were pinned, so following a live stream stays O(new messages) even with a million
 * retained. A new predicate (another connection, the filter bar's text, regex and type filters)
 * builds a new index with one scan.
 */
import type { MessageLog } from './message-log';

export interface MessageView {
  readonly length: number;
  /** The id of the message shown in `row` (0-based). */
  idAt(row: number): number;
  /** The row of a message id, or -1 when it is not in the view. */
  rowOf(id: number): number;
}

/** First position in `ids[from, to)` whose id is `>= id` (ids are ascending). */
function lowerBound(ids: ArrayLike<number>, from: number, to: number, id: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function wholeLogView(log: MessageLog): MessageView {
  const pinned = log.pinnedIds();
  const pinnedCount = pinned.length;
  const first = log.firstId;
  const end = log.endId;
  return {
    length: pinnedCount + end - first,
    idAt: (row) => (row < pinnedCount ? pinned[row]! : first + row - pinnedCount),
    rowOf: (id) => {
      if (id >= first) return id < end ? pinnedCount + id - first : -1;
      const at = lowerBound(pinned, 0, pinnedCount, id);
      return at < pinnedCount && pinned[at] === id ? at : -1;
    },
  };
}

export interface IncrementalIndex {
  /** Catches up with the log and returns a snapshot that later updates do not disturb. */
  update(): MessageView;
}

const INITIAL_INDEX_CAPACITY = 1024;

/**
 * Ascending ids, `buf[start, end)`. Snapshots hold on to `buf`, so it is only ever written past
 * `end` or replaced, never rewritten where a snapshot may read.
 */
interface IdRun {
  buf: Float64Array;
  start: number;
  end: number;
}

function push(run: IdRun, id: number): void {
  if (run.end === run.buf.length) {
    const live = run.end - run.start;
    const next = new Float64Array(Math.max(INITIAL_INDEX_CAPACITY, live * 2));
    next.set(run.buf.subarray(run.start, run.end));
    run.buf = next;
    run.start = 0;
    run.end = live;
  }
  run.buf[run.end++] = id;
}

export function createIncrementalIndex(log: MessageLog, matches: (id: number) => boolean): IncrementalIndex {
  /** Matching ids of the ring as of the last update. */
  const ring: IdRun = { buf: new Float64Array(INITIAL_INDEX_CAPACITY), start: 0, end: 0 };
  /** Matching pinned ids, all below the ring's; normally none or a few. Its `start` stays 0. */
  let pinned: IdRun = { buf: new Float64Array(0), start: 0, end: 0 };
  let pinnedVersion = log.pinnedVersion;
  // Every retained id below it has been offered to `matches`. From 0, the first update also
  // offers the ids pinned before the index existed.
  let scannedTo = 0;

  return {
    update() {
      const first = log.firstId;
      if (log.pinnedVersion !== pinnedVersion) {
        pinnedVersion = log.pinnedVersion;
        const kept: IdRun = { buf: new Float64Array(pinned.end - pinned.start), start: 0, end: 0 };
        for (let i = pinned.start; i < pinned.end; i++) if (log.has(pinned.buf[i]!)) kept.buf[kept.end++] = pinned.buf[i]!;
        pinned = kept;
      }
      // Ids that left the ring since the last update were either evicted or pinned; pinned ones
      // stay, and come after the pinned ids kept so far, which were below the ring then.
      const cut = lowerBound(ring.buf, ring.start, ring.end, first);
      for (let i = ring.start; i < cut; i++) if (log.has(ring.buf[i]!)) push(pinned, ring.buf[i]!);
      ring.start = cut;
      // Appended and already pinned before any update saw them in the ring.
      if (scannedTo < first) {
        const ids = log.pinnedIds();
        let i = ids.length;
        while (i > 0 && ids[i - 1]! >= scannedTo) i--;
        for (; i < ids.length; i++) if (matches(ids[i]!)) push(pinned, ids[i]!);
      }
      const end = log.endId;
      for (let id = Math.max(scannedTo, first); id < end; id++) {
        if (matches(id)) push(ring, id);
      }
      scannedTo = end;

      const pinnedIds = pinned.buf;
      const pinnedCount = pinned.end;
      const ringIds = ring.buf;
      const ringFirst = ring.start;
      const ringEnd = ring.end;
      return {
        length: pinnedCount + ringEnd - ringFirst,
        idAt: (row) => (row < pinnedCount ? pinnedIds[row]! : ringIds[ringFirst + row - pinnedCount]!),
        rowOf: (id) => {
          if (pinnedCount > 0 && id <= pinnedIds[pinnedCount - 1]!) {
            const at = lowerBound(pinnedIds, 0, pinnedCount, id);
            return pinnedIds[at] === id ? at : -1;
          }
          const at = lowerBound(ringIds, ringFirst, ringEnd, id);
          return at < ringEnd && ringIds[at] === id ? pinnedCount + at - ringFirst : -1;
        },
      };
    },
  };
}
