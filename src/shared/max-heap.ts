/**
 * A max-heap of keys by a priority that changes: the budgets' way to find, in O(log n), the
 * connection holding the most when one must give something up.
 *
 * Keys are small non-negative integers (its callers' connection indices, reused once free), so
 * that a key's place in it is an array slot rather than a Map entry. The page hook uses it after
 * page scripts may have patched any built-in: it only reads and writes array indices, always in
 * bounds, and calls no method of Array, Map or Math.
 */
export interface MaxHeap {
  readonly size: number;
  /** Inserts `key`, or moves it to its new priority. */
  set(key: number, priority: number): void;
  delete(key: number): void;
  /** The key with the highest priority (ties: any of them), or undefined when empty. */
  top(): number | undefined;
  clear(): void;
}

const ABSENT = -1;

export function createMaxHeap(): MaxHeap {
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

