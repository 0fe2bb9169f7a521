/**
 * What the grid shows in the order the user sorted it by (grid/sort.ts), or the store's view
 * itself in arrival order. The sorted index lives across renders and follows new messages; another
 * sort, connection or filter starts a new one.
 */
import { useRef } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { createSortedIndex, type SortedIndex, type SortSpec } from '../grid/sort';
import type { MessageView } from '../store/message-view';

export function useSortedView(sort: SortSpec | null): MessageView {
  const { store } = usePanelApp();
  const base = store.view.value;
  const sorted = useRef<{ basis: readonly unknown[]; index: SortedIndex } | null>(null);
  if (sort === null) {
    sorted.current = null;
    return base;
  }
  // What the store's view is made of: while these stay, each view is the last one, caught up.
  const basis = [sort, store.selectedConnId.value, store.filter.value, store.searchExtras.value, store.heartbeats.value];
  if (!sorted.current || sorted.current.basis.some((part, i) => part !== basis[i])) {
    sorted.current = { basis, index: createSortedIndex(store.log, sort) };
  }
  return sorted.current.index.update(base);
}
