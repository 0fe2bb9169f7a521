/**
 * Navigations of the inspected tab. The service worker tells the panel which document the top
 * frame shows whenever that frame's relay connects to it, before any event of that document; a
 * different document than before means the tab navigated (a reload too), while pushState and
 * hash changes keep the document and change nothing here.
 *
 * Every connection seen until then belongs to the page that was left: its document is gone, and
 * so are its sockets. Without Preserve log they are cleared with their messages; with it they
 * stay, marked as from a previous page. Their documents are remembered, so that late events of
 * the old page (still in flight) are recognised rather than taken for the new page's.
 */
import { batch } from '@preact/signals';
import type { Store } from './store';

export function applyTopDocument(store: Store, documentId: string): void {
  store.tabUnreachable.value = false;
  const page = store.page;
  const before = page.topDocument;
  page.topDocument = documentId;
  if (before === null || before === documentId) return;
  page.previousDocuments.add(before);
  batch(() => {
    const left = new Set<number>();
    for (const c of store.connections.value) {
      if (c.previousPage || c.documentId === documentId) continue;
      left.add(c.index);
      page.previousDocuments.add(c.documentId);
    }
    if (left.size === 0) return;
    if (store.preserveLog.value) {
      store.connections.value = store.connections.value.map((c) => (left.has(c.index) ? { ...c, previousPage: true } : c));
    } else {
      removeConnections(store, left);
    }
  });
}

/** Forgets connections and their messages; the others' messages stay, in order. */
function removeConnections(store: Store, indexes: ReadonlySet<number>): void {
  const { log } = store;
  const removed = store.connections.value.filter((c) => indexes.has(c.index));
  const kept = [];
  for (let id = log.firstId; id < log.endId; id++) {
    if (!indexes.has(log.connIndexAt(id))) kept.push(log.get(id));
  }
  log.clear();
  for (const entry of kept) log.append(entry);
  store.connections.value = store.connections.value.filter((c) => !indexes.has(c.index));
  if (removed.some((c) => c.id === store.selectedConnId.value)) store.selectedConnId.value = null;
  store.selectedMessageId.value = null;
  // Their gaps will never fill now: they count no more.
  for (const c of removed) {
    const seq = store.tracks.get(c.id)?.seq;
    if (!seq) continue;
    store.missed.value -= seq.missed;
    seq.forgetGaps();
  }
  store.revision.value++;
}
