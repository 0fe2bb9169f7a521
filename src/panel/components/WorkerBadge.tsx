/**
 * Which worker a connection was opened in: its kind as a badge, its script's file name, the rest on
 * hover (for a shared worker, the tab's documents that connected to it).
 */
import type { WorkerSource } from '../../shared/protocol';
import { usePanelApp } from '../app-context';
import { workerKindLabel, workerScriptName, workerTitle } from '../format/worker-label';
import { sharedWorkerClientsOf } from '../store/worker-clients';

export function WorkerBadge({ worker }: { worker: WorkerSource }) {
  const { store } = usePanelApp();
  return (
    <span class="worker-source" title={workerTitle(worker, sharedWorkerClientsOf(store, worker))}>
      <span class="badge badge-worker">{workerKindLabel(worker)}</span>
      <span class="worker-script">{workerScriptName(worker.url)}</span>
      {worker.joinedLate && <span class="worker-late">joined late</span>}
    </span>
  );
}
