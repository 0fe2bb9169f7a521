/**
 * Navigations of the inspected tab. The service worker tells the panel which document the top
 * frame shows whenever that frame's relay connects to it, before any event of that document; a
 * different document than before means the tab navigated (a reload too), while pushState and
 * hash changes keep the document and change nothing here.
 *
 * Every connection seen until then belongs to the page that was left: its document is gone, and
 * so are its sockets. Without Preserve log they are cleared with their messages; with it they
 * stay, marked as from a previous page. Their documents are remembered, so that late events of
 * the old page (still in flight) are recognised rather than taken for the new page's. A shared or
 * service worker outlives the page, and its connections stay as they are.
 */
import { batch } from '@preact/signals';
import type { Connection } from './connection';
import type { LogEntry } from './message-log';
import type { Store } from './store';

/** Chrome's back/forward cache keeps a handful of pages; older ones cannot come back. */
const MAX_RESTORABLE_PAGES = 16;

export function applyTopDocument(store: Store, documentId: string): void {
  store.tabUnreachable.value = false;
  const page = store.page;
  const before = page.topDocument;
  page.topDocument = documentId;
  if (before === null || before === documentId) return;
  const leftDocuments = new Set([before]);
  // A page restored from the back/forward cache is the current page again, with its frames.
  const restored = page.documentsLeftWith.get(documentId) ?? new Set<string>();
  page.documentsLeftWith.delete(documentId);
  for (const restoredDocument of restored) page.previousDocuments.delete(restoredDocument);
  batch(() => {
    const left = new Set<number>();
    for (const c of store.connections.value) {
      if (c.previousPage || c.documentId === documentId || outlivesPage(c)) continue;
      left.add(c.index);
      leftDocuments.add(c.documentId);
    }
    for (const leftDocument of leftDocuments) page.previousDocuments.add(leftDocument);
    page.documentsLeftWith.set(before, leftDocuments);
    if (page.documentsLeftWith.size > MAX_RESTORABLE_PAGES) page.documentsLeftWith.delete(page.documentsLeftWith.keys().next().value!);
    const leaving = (c: Connection) => left.has(c.index);
    const returning = (c: Connection) => c.previousPage && restored.has(c.documentId);
    if (store.preserveLog.value) {
      if (left.size > 0 || store.connections.value.some(returning)) {
        store.connections.value = store.connections.value.map((c) =>
          leaving(c) ? { ...c, previousPage: true } : returning(c) ? { ...c, previousPage: false } : c,
        );
      }
    } else if (left.size > 0) {
      removeConnections(store, left);
    }
  });
}

const outlivesPage = (c: Connection): boolean => c.worker !== undefined && c.worker.kind !== 'dedicated';

/** Forgets connections and their messages; the others' messages stay, in order. */
function removeConnections(store: Store, indexes: ReadonlySet<number>): void {
  const { log } = store;
  const removed = store.connections.value.filter((c) => indexes.has(c.index));
  const kept: LogEntry[] = [];
  log.forEachRetained((id) => {
    if (!indexes.has(log.connIndexAt(id))) kept.push(log.get(id));
  });
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
