/** A list kept in extension storage under one key: loaded when the key changes, saved on every update. */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { KeyValueStorage } from '../storage';

export function usePersistedList<T>(
  storage: KeyValueStorage,
  key: string,
  isItem: (x: unknown) => x is T,
): { items: readonly T[]; update(change: (items: readonly T[]) => T[]): void } {
  const items = useSignal<readonly T[]>([]);
  useEffect(() => {
    let current = true;
    items.value = [];
    void storage.get(key).then((stored) => {
      // Storage is ours, but a list written by another version must not break the panel.
      if (current) items.value = Array.isArray(stored) ? stored.filter(isItem) : [];
    });
    return () => {
      current = false;
    };
  }, [storage, key]);
  return {
    items: items.value,
    update(change) {
      items.value = change(items.value);
      void storage.set(key, items.value);
    },
  };
}
