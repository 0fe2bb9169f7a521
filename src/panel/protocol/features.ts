/**
 * The protocol features of one panel (decoding, correlation, import), made once per store and
 * handed to the components through a Preact context, so that the shared components need only a
 * one-line hook-up each.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { effect } from '@preact/signals';
import type { ExtraText } from '../filter/filter';
import type { Store } from '../store/store';
import { searchableText } from './decoded-summary';
import { createProtocolTracker, type ProtocolTracker } from './protocol-tracker';
import { createImports, type Imports } from './transfer';

export interface ProtocolFeatures {
  store: Store;
  tracker: ProtocolTracker;
  imports: Imports;
}

const byStore = new WeakMap<Store, ProtocolFeatures>();

/** The features of `store`, made on first use: the Filter box then also finds decoded fields, and Hide heartbeats works. */
export function protocolFeaturesOf(store: Store): ProtocolFeatures {
  let features = byStore.get(store);
  if (!features) {
    const tracker = createProtocolTracker(store);
    features = { store, tracker, imports: createImports(store) };
    byStore.set(store, features);
    plugIntoFilter(store, tracker);
  }
  return features;
}

/**
 * Adds the decoded summary, names and channels to what the text filter searches, and tells the
 * filter which frames are heartbeats. Another protocol choice changes both, so they are handed
 * over anew (a new array, a new function) to rebuild the filter.
 */
function plugIntoFilter(store: Store, tracker: ProtocolTracker): void {
  const decodedText: ExtraText = (id) => {
    const result = tracker.decodedAt(id);
    return result ? searchableText(result) : undefined;
  };
  effect(() => {
    void tracker.choices.value;
    const others = store.searchExtras.peek().filter((extra) => extra !== decodedText);
    store.searchExtras.value = [...others, decodedText];
    store.heartbeats.value = (id) => tracker.isHeartbeat(id);
  });
}

export const ProtocolContext = createContext<ProtocolFeatures | null>(null);

/** The features from the nearest provider; null outside one (a component rendered on its own). */
export function useProtocolFeatures(): ProtocolFeatures | null {
  return useContext(ProtocolContext);
}
