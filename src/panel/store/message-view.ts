/**
 * What the grid shows: an ordered list of message ids over the log, addressed by row.
 *
 * The unfiltered view is the log's own id range and costs nothing. A filtered view is an index
 * kept up to date incrementally: each new revision scans only the messages appended since the
 * last one and forgets the evicted ones from the front, so following a live stream stays O(new
 * messages) even with a million retained. A new predicate (another connection; issue 3's text,
 * regex and type filters) builds a new index with one scan.
 */
import type { MessageLog } from './message-log';

export interface MessageView {
  readonly length: number;
  /** The id of the message shown in `row` (0-based). */
  idAt(row: number): number;
  /** The row of a message id, or -1 when it is not in the view. */
  rowOf(id: number): number;
}

export function wholeLogView(log: MessageLog): MessageView {
  const first = log.firstId;
  const length = log.endId - first;
  return {
    length,
    idAt: (row) => first + row,
    rowOf: (id) => (id >= first && id < first + length ? id - first : -1),
  };
}

export interface IncrementalIndex {
  /** Catches up with the log and returns a snapshot that later updates do not disturb. */
  update(): MessageView;
}

const INITIAL_INDEX_CAPACITY = 1024;

/** First position in `ids[from, to)` whose id is `>= id` (ids are ascending). */
function lowerBound(ids: Float64Array, from: number, to: number, id: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createIncrementalIndex(log: MessageLog, matches: (id: number) => boolean): IncrementalIndex {
  let ids = new Float64Array(INITIAL_INDEX_CAPACITY);
  let start = 0;
  let end = 0;
  let scannedTo = log.firstId;

  // Snapshots hold on to `ids`, so the buffer is only ever replaced, never rewritten in place.
  function push(id: number): void {
    if (end === ids.length) {
      const live = end - start;
      const next = new Float64Array(Math.max(INITIAL_INDEX_CAPACITY, live * 2));
      next.set(ids.subarray(start, end));
      ids = next;
      start = 0;
      end = live;
    }
    ids[end++] = id;
  }

  return {
    update() {
      start = lowerBound(ids, start, end, log.firstId);
      for (let id = Math.max(scannedTo, log.firstId); id < log.endId; id++) {
        if (matches(id)) push(id);
      }
      scannedTo = log.endId;
      const snapshot = ids;
      const first = start;
      const length = end - start;
      return {
        length,
        idAt: (row) => snapshot[first + row]!,
        rowOf: (id) => {
          const at = lowerBound(snapshot, first, first + length, id);
          return at < first + length && snapshot[at] === id ? at - first : -1;
        },
      };
    },
  };
}
