/** How the sidebar and the details name the worker a connection was opened in. */
import type { WorkerKind, WorkerSource } from '../../shared/protocol';

const KIND_LABELS: Record<WorkerKind, string> = {
  dedicated: 'Dedicated worker',
  shared: 'Shared worker',
  service: 'Service worker',
};

export const workerKindLabel = (worker: Pick<WorkerSource, 'kind'>): string => KIND_LABELS[worker.kind];

export const JOINED_LATE = 'joined late: opened before Frametap attached, what it did before is unknown';

/**
 * The script's file name, which is what tells a page's workers apart; a worker made from a Blob
 * or a data: URL has none worth showing.
 */
export function workerScriptName(url: string): string {
  if (url.startsWith('blob:')) return 'Blob script';
  if (url.startsWith('data:')) return 'data: script';
  try {
    const { pathname, host } = new URL(url);
    return pathname.split('/').findLast((segment) => segment !== '') ?? host;
  } catch {
    return url;
  }
}

/**
 * The tooltip: the script's whole URL, the worker's name, who started it, and for a shared worker
 * the documents of the tab that connected to it (`clients`).
 */
export function workerTitle(worker: WorkerSource, clients: readonly string[] = []): string {
  const lines = [`${workerKindLabel(worker)}: ${worker.url}`];
  if (worker.name !== '') lines.push(`Name: ${worker.name}`);
  if (worker.startedBy !== '') lines.push(`Started by: ${worker.startedBy}`);
  for (const client of clients) lines.push(`Connected from: ${client}`);
  lines.push(
    worker.readOnly
      ? 'Watched through Chrome’s debugger: read-only, and intercept rules do not apply'
      : 'Captured inside the worker, through Chrome’s debugger: send, inject, close and rules work as on the page',
  );
  if (worker.joinedLate) lines.push(JOINED_LATE);
  return lines.join('\n');
}
