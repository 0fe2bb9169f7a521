/**
 * The documents connected to each shared worker, as their hooks told (`worker-client` events):
 * the debugger that watches a shared worker does not know them. Keyed as the browser tells shared
 * workers apart, by script URL and name.
 */
import type { WorkerClientEvent, WorkerSource } from '../../shared/protocol';
import type { Store } from './store';

/** Enough for any real page: a page that connects in a loop adds no more. */
const MAX_CLIENTS_PER_WORKER = 32;

const keyOf = (url: string, name: string): string => `${url}\n${name}`;

export function noteSharedWorkerClient(store: Store, event: WorkerClientEvent): void {
  const key = keyOf(event.url, event.name);
  const clients = store.sharedWorkerClients.peek();
  const known = clients.get(key) ?? [];
  if (known.includes(event.frameUrl) || known.length >= MAX_CLIENTS_PER_WORKER) return;
  store.sharedWorkerClients.value = new Map(clients).set(key, [...known, event.frameUrl]);
}

/** The documents of the tab connected to a shared worker; none for any other kind. */
export function sharedWorkerClientsOf(store: Store, worker: WorkerSource): readonly string[] {
  return worker.kind === 'shared' ? (store.sharedWorkerClients.value.get(keyOf(worker.url, worker.name)) ?? []) : [];
}
