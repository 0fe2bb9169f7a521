/**
 * A max-heap of keys by a priority that changes: the budgets' way to find, in O(log n), the
 * connection holding the most when one must give something up.
 */
export interface MaxHeap<K> {
  readonly size: number;
  /** Inserts `key`, or moves it to its new priority. */
  set(key: K, priority: number): void;
  delete(key: K): void;
  /** The key with the highest priority (ties: any of them), or undefined when empty. */
  top(): K | undefined;
  clear(): void;
}

const ABSENT = -1;

/**
 * A heap whose keys are small non-negative integers (its callers' connection indices, reused once
 * free), so that a key's place in it is an array slot rather than a Map entry. The page hook uses
 * it after page scripts may have patched any built-in: it only reads and writes array indices,
 * always in bounds, and calls no method of Array, Map or Math.
 */
export function createIndexedMaxHeap(): MaxHeap<number> {
  const keys: number[] = [];
  const priorities: number[] = [];
  /** By key: its index in `keys`, or ABSENT. Dense up to the largest key seen, so reads stay in bounds. */
  const positions: number[] = [];

  const positionOf = (key: number): number => (key < positions.length ? (positions[key] as number) : ABSENT);

  function swap(i: number, j: number): void {
    const ki = keys[i] as number;
    const kj = keys[j] as number;
    keys[i] = kj;
    keys[j] = ki;
    const pi = priorities[i] as number;
    priorities[i] = priorities[j] as number;
    priorities[j] = pi;
    positions[kj] = i;
    positions[ki] = j;
  }

  function up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((priorities[parent] as number) >= (priorities[i] as number)) return;
      swap(i, parent);
      i = parent;
    }
  }

  function down(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < keys.length && (priorities[left] as number) > (priorities[largest] as number)) largest = left;
      if (right < keys.length && (priorities[right] as number) > (priorities[largest] as number)) largest = right;
      if (largest === i) return;
      swap(i, largest);
      i = largest;
    }
  }

  return {
    get size() {
      return keys.length;
    },
    set(key, priority) {
      const at = positionOf(key);
      if (at === ABSENT) {
        while (positions.length <= key) positions[positions.length] = ABSENT;
        const end = keys.length;
        keys[end] = key;
        priorities[end] = priority;
        positions[key] = end;
        up(end);
        return;
      }
      const before = priorities[at] as number;
      priorities[at] = priority;
      if (priority > before) up(at);
      else down(at);
    },
    delete(key) {
      const at = positionOf(key);
      if (at === ABSENT) return;
      const last = keys.length - 1;
      if (at !== last) swap(at, last);
      keys.length = last;
      priorities.length = last;
      positions[key] = ABSENT;
      if (at < last) {
        up(at);
        down(at);
      }
    },
    top: () => (keys.length > 0 ? keys[0] : undefined),
    clear() {
      keys.length = 0;
      priorities.length = 0;
      positions.length = 0;
    },
  };
}

/**
 * A heap of any keys, for the content script's backlog, which keys by object and runs where no
 * page can patch built-ins. It goes with that backlog.
 */
export function createMaxHeap<K>(): MaxHeap<K> {
  const heap = createIndexedMaxHeap();
  const indices = new Map<K, number>();
  /** By index; a freed index lets go of its key, so a dropped connection can be collected. */
  const keys: (K | undefined)[] = [];
  const free: number[] = [];
  return {
    get size() {
      return heap.size;
    },
    set(key, priority) {
      let index = indices.get(key);
      if (index === undefined) {
        index = free.pop() ?? keys.length;
        indices.set(key, index);
        keys[index] = key;
      }
      heap.set(index, priority);
    },
    delete(key) {
      const index = indices.get(key);
      if (index === undefined) return;
      heap.delete(index);
      indices.delete(key);
      keys[index] = undefined;
      free.push(index);
    },
    top() {
      const index = heap.top();
      return index === undefined ? undefined : keys[index];
    },
    clear() {
      heap.clear();
      indices.clear();
      keys.length = 0;
      free.length = 0;
    },
  };
}
