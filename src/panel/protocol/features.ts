/**
 * The protocol features of one panel (decoding, correlation, import), made once per store by the
 * panel's composition root (app-context.ts).
 */
import { effect } from '@preact/signals';
import type { ExtraText } from '../filter/filter';
import type { Store } from '../store/store';
import { searchableText } from './decoded-summary';
import { createProtocolTracker, type ProtocolTracker } from './protocol-tracker';
import { createImports, type Imports } from './transfer';

/** The features of `store`: the Filter box then also finds decoded fields, and Hide heartbeats works. */
export function createProtocolFeatures(store: Store): { tracker: ProtocolTracker; imports: Imports } {
  const tracker = createProtocolTracker(store);
  const imports = createImports(store);
  plugIntoFilter(store, tracker);
  return { tracker, imports };
}

/**
 * Adds the decoded summary, names and channels to what the text filter searches, tells the filter
 * which frames are heartbeats, and the scope which connections are one session (a Socket.IO
 * session's polling channel and WebSocket). Another protocol choice changes all three, so they are
 * handed over anew (a new array, new functions) to rebuild the filter.
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
    store.scopeKeyOf.value = (connIndex) => tracker.scopeKeyOf(connIndex);
  });
}
