/** Which worker a connection was opened in: its kind as a badge, its script's file name, the rest on hover. */
import type { WorkerSource } from '../../shared/protocol';
import { workerKindLabel, workerScriptName, workerTitle } from '../format/worker-label';

export function WorkerBadge({ worker }: { worker: WorkerSource }) {
  return (
    <span class="worker-source" title={workerTitle(worker)}>
      <span class="badge badge-worker">{workerKindLabel(worker)}</span>
      <span class="worker-script">{workerScriptName(worker.url)}</span>
      {worker.joinedLate && <span class="worker-late">joined late</span>}
    </span>
  );
}
