/**
 * Names remembered by request id, so that responses (which carry only the id) show and filter by
 * the name of what they answer. Bounded: past `max` entries the oldest is forgotten, so a hostile
 * or endless stream of requests that never get answers cannot grow it.
 */
export interface RecentNames {
  remember(key: string, name: string): void;
  recall(key: string): string | undefined;
  forget(key: string): void;
}

export function createRecentNames(max = 10_000): RecentNames {
  const names = new Map<string, string>();
  return {
    remember(key, name) {
      // Re-inserting moves the key to the young end of the Map's insertion order.
      names.delete(key);
      names.set(key, name);
      if (names.size > max) {
        const oldest = names.keys().next();
        if (!oldest.done) names.delete(oldest.value);
      }
    },
    recall: (key) => names.get(key),
    forget: (key) => void names.delete(key),
  };
}
