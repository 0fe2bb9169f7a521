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

export function createMaxHeap<K>(): MaxHeap<K> {
  const keys: K[] = [];
  const priorities: number[] = [];
  const positions = new Map<K, number>();

  function swap(i: number, j: number): void {
    const ki = keys[i] as K;
    const kj = keys[j] as K;
    keys[i] = kj;
    keys[j] = ki;
    const pi = priorities[i] as number;
    priorities[i] = priorities[j] as number;
    priorities[j] = pi;
    positions.set(kj, i);
    positions.set(ki, j);
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
      const at = positions.get(key);
      if (at === undefined) {
        keys.push(key);
        priorities.push(priority);
        positions.set(key, keys.length - 1);
        up(keys.length - 1);
        return;
      }
      const before = priorities[at] as number;
      priorities[at] = priority;
      if (priority > before) up(at);
      else down(at);
    },
    delete(key) {
      const at = positions.get(key);
      if (at === undefined) return;
      const last = keys.length - 1;
      if (at !== last) swap(at, last);
      keys.pop();
      priorities.pop();
      positions.delete(key);
      if (at < keys.length) {
        up(at);
        down(at);
      }
    },
    top: () => keys[0],
    clear() {
      keys.length = 0;
      priorities.length = 0;
      positions.clear();
    },
  };
}
