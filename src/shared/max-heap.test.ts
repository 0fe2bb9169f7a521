import { describe, expect, it } from 'vitest';
import { createMaxHeap } from './max-heap';

describe('max-heap', () => {
  it('gives the key with the highest priority as priorities change', () => {
    const heap = createMaxHeap<string>();
    expect(heap.top()).toBeUndefined();
    heap.set('a', 3);
    heap.set('b', 10);
    heap.set('c', 5);
    expect(heap.top()).toBe('b');
    heap.set('b', 1);
    expect(heap.top()).toBe('c');
    heap.set('a', 7);
    expect(heap.top()).toBe('a');
    heap.delete('a');
    expect(heap.top()).toBe('c');
    expect(heap.size).toBe(2);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.top()).toBeUndefined();
  });

  it('agrees with a linear scan over many random updates and deletions', () => {
    const heap = createMaxHeap<number>();
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
      const best = Math.max(...reference.values(), -Infinity);
      const top = heap.top();
      expect(top === undefined ? -Infinity : reference.get(top)).toBe(best);
    }
  });
});
