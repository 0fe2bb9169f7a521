import { describe, expect, it } from 'vitest';
import { createMaxHeap } from './max-heap';

describe('max-heap', () => {
  it('gives the key with the highest priority as priorities change', () => {
    const heap = createMaxHeap();
    expect(heap.top()).toBeUndefined();
    heap.set(1, 3);
    heap.set(2, 10);
    heap.set(3, 5);
    expect(heap.top()).toBe(2);
    heap.set(2, 1);
    expect(heap.top()).toBe(3);
    heap.set(1, 7);
    expect(heap.top()).toBe(1);
    heap.delete(1);
    expect(heap.top()).toBe(3);
    expect(heap.size).toBe(2);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.top()).toBeUndefined();
  });

  it('agrees with a linear scan over many random updates and deletions', () => {
    const heap = createMaxHeap();
    const reference = new Map<number, number>();
    let state = 12345;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    for (let step = 0; step < 5000; step++) {
      const key = random(50);
      if (random(5) === 0) {
        heap.delete(key);
        reference.delete(key);
      } else {
        const priority = random(1000);
        heap.set(key, priority);
        reference.set(key, priority);
      }
      if (step === 2500) {
        heap.clear();
        reference.clear();
      }
      expect(heap.size).toBe(reference.size);
      const best = Math.max(...reference.values(), -Infinity);
      const top = heap.top();
      expect(top === undefined ? -Infinity : reference.get(top)).toBe(best);
    }
  });

  it('reads no index out of bounds, where a page could have put a getter on Array.prototype', () => {
    const heap = createMaxHeap();
    const indices = ['0', '1', '2', '3', '7', '8', '9'];
    // Stores past the end still go through an inherited setter (as every indexed store of the
    // hook does); these only make the stored value the array's own, as a plain store would.
    for (const index of indices) {
      Object.defineProperty(Array.prototype, index, {
        get: () => {
          throw new Error('read off the prototype');
        },
        set(this: object, value: unknown) {
          Object.defineProperty(this, index, { value, writable: true, enumerable: true, configurable: true });
        },
        configurable: true,
      });
    }
    try {
      expect(heap.top()).toBeUndefined();
      heap.delete(9);
      heap.set(3, 1);
      heap.set(0, 5);
      heap.delete(7);
      expect(heap.top()).toBe(0);
      heap.delete(0);
      heap.delete(3);
      expect(heap.top()).toBeUndefined();
    } finally {
      for (const index of indices) delete (Array.prototype as unknown as Record<string, unknown>)[index];
    }
  });
});
