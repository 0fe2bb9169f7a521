/**
 * The grid sorted by a column: a view over another view (the filtered one), ordered by time,
 * size or direction, equal keys kept in arrival order.
 *
 * Built for a million rows: the sorted ids and their keys sit in two Float64Arrays, and a live
 * stream is merged in rather than re-sorted. Each update sorts only the messages that arrived
 * since the last one (k of them, O(k log k)) and merges them into the sorted run in one pass,
 * dropping the ones the budgets evicted meanwhile: O(n + k log k), no allocation once the buffers
 * have grown. Arrival order is no sorted view at all: the grid shows the base view as it is.
 */
import type { Direction } from '../../shared/protocol';
import type { MessageLog } from '../store/message-log';
import type { MessageView } from '../store/message-view';

export type SortKey = 'time' | 'size' | 'dir';

export interface SortSpec {
  key: SortKey;
  descending: boolean;
}

/** A header click: ascending, then descending, then arrival order again. */
export function nextSort(current: SortSpec | null, key: SortKey): SortSpec | null {
  if (current?.key !== key) return { key, descending: false };
  return current.descending ? null : { key, descending: true };
}

/** Sent before received, lifecycle and gap rows last. */
const dirRank = (dir: Direction | null): number => (dir === 'out' ? 0 : dir === 'in' ? 1 : 2);

const KEY_OF: Record<SortKey, (log: MessageLog, id: number) => number> = {
  time: (log, id) => log.timeAt(id),
  size: (log, id) => log.sizeAt(id),
  dir: (log, id) => dirRank(log.dirAt(id)),
};

export interface SortedIndex {
  /**
   * Catches up with `base`, which must be the same view as before at a later revision (ascending
   * ids, new ones appended): make a new index for another filter or connection. The view it
   * returns stays valid until the update after next (the index writes its buffers in turn).
   */
  update(base: MessageView): MessageView;
}

interface Run {
  ids: Float64Array;
  keys: Float64Array;
}

const emptyRun = (): Run => ({ ids: new Float64Array(0), keys: new Float64Array(0) });

/** First row of an ascending view whose id is above `id`. */
function firstRowAbove(view: MessageView, id: number): number {
  let lo = 0;
  let hi = view.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (view.idAt(mid) <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createSortedIndex(log: MessageLog, spec: SortSpec): SortedIndex {
  const keyOf = KEY_OF[spec.key];
  const sign = spec.descending ? -1 : 1;
  let current = emptyRun();
  let spare = emptyRun();
  let length = 0;
  /** The newest id taken from the base view. */
  let newestId = -1;
  let firstId = log.firstId;
  let pinnedVersion = log.pinnedVersion;
  let snapshot: MessageView | null = null;

  /** The new ids, sorted: a permutation sorted with a typed comparator over their keys. */
  function sortedNew(base: MessageView, from: number): Run {
    const count = base.length - from;
    const ids = new Float64Array(count);
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      ids[i] = base.idAt(from + i);
      keys[i] = keyOf(log, ids[i]!);
    }
    // Positions follow ids, so breaking ties by position keeps arrival order.
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((a, b) => sign * (keys[a]! - keys[b]!) || a - b);
    const run: Run = { ids: new Float64Array(count), keys: new Float64Array(count) };
    for (let i = 0; i < count; i++) {
      run.ids[i] = ids[order[i]!]!;
      run.keys[i] = keys[order[i]!]!;
    }
    return run;
  }

  /** Merges the retained part of `current` with `added` into `spare`, then swaps them. */
  function merge(added: Run, addedCount: number, dropEvicted: boolean): void {
    const needed = length + addedCount;
    if (spare.ids.length < needed) {
      const capacity = Math.max(1024, Math.ceil(needed * 1.5));
      spare = { ids: new Float64Array(capacity), keys: new Float64Array(capacity) };
    }
    const { ids, keys } = current;
    let i = 0;
    let j = 0;
    let w = 0;
    while (i < length || j < addedCount) {
      // Added ids are all newer, so on equal keys the older one goes first.
      const takeAdded = i >= length || (j < addedCount && sign * (added.keys[j]! - keys[i]!) < 0);
      if (takeAdded) {
        spare.ids[w] = added.ids[j]!;
        spare.keys[w++] = added.keys[j++]!;
        continue;
      }
      const id = ids[i]!;
      if (!dropEvicted || log.has(id)) {
        spare.ids[w] = id;
        spare.keys[w++] = keys[i]!;
      }
      i++;
    }
    [current, spare] = [spare, current];
    length = w;
  }

  function view(): MessageView {
    const { ids, keys } = current;
    const count = length;
    return {
      length: count,
      idAt: (row) => ids[row]!,
      rowOf: (id) => {
        if (!log.has(id)) return -1;
        const key = keyOf(log, id);
        let lo = 0;
        let hi = count;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((sign * (keys[mid]! - key) || ids[mid]! - id) < 0) lo = mid + 1;
          else hi = mid;
        }
        return lo < count && ids[lo] === id ? lo : -1;
      },
    };
  }

  return {
    update(base) {
      const evicted = log.firstId !== firstId || log.pinnedVersion !== pinnedVersion;
      firstId = log.firstId;
      pinnedVersion = log.pinnedVersion;
      const from = firstRowAbove(base, newestId);
      if (from < base.length || evicted) {
        const added = from < base.length ? sortedNew(base, from) : emptyRun();
        merge(added, added.ids.length, evicted);
        if (base.length > 0) newestId = base.idAt(base.length - 1);
        snapshot = null;
      }
      if (length !== base.length) {
        // Not the same view after all (the caller should have made a new index): start over.
        length = 0;
        newestId = -1;
        return this.update(base);
      }
      snapshot ??= view();
      return snapshot;
    },
  };
}
