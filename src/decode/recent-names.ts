/**
 * Bounded maps that forget their oldest entries: names remembered by request id (so that
 * responses, which carry only the id, show and filter by the name of what they answer), and the
 * panel's decoded-message caches. Past `max` entries the least recently remembered is forgotten,
 * so a hostile or endless stream of requests that never get answers cannot grow one.
 */
export interface RecentMap<K, V> {
  remember(key: K, value: V): void;
  recall(key: K): V | undefined;
  forget(key: K): void;
  keys(): IterableIterator<K>;
  clear(): void;
}

export type RecentNames = RecentMap<string, string>;

export function createRecentMap<K, V>(max: number): RecentMap<K, V> {
  const entries = new Map<K, V>();
  return {
    remember(key, value) {
      // Re-inserting moves the key to the young end of the Map's insertion order.
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > max) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
    },
    recall: (key) => entries.get(key),
    forget: (key) => void entries.delete(key),
    keys: () => entries.keys(),
    clear: () => entries.clear(),
  };
}

export function createRecentNames(max = 10_000): RecentNames {
  return createRecentMap<string, string>(max);
}
