/**
 * A hooked worker ended (worker-ended notice): the connections it still had open ended with it,
 * though its hook had no chance to say so. Each gets the close its hook would have sent next, with
 * the cause unknown, so the list and the grid stop showing it as open.
 */
import { WORKER_FRAME_ID, type CloseEvent, type FrameOrigin } from '../../shared/protocol';
import { applyEvents } from './apply-events';
import type { Store } from './store';

export function endWorkerConnections(store: Store, documentId: string, time: number): void {
  const origin: FrameOrigin = { frameId: WORKER_FRAME_ID, documentId };
  const closes: CloseEvent[] = [];
  for (const c of store.connections.value) {
    if (c.documentId !== documentId || c.frameId !== WORKER_FRAME_ID || c.state.phase === 'closed') continue;
    const last = store.tracks.get(c.id)?.seq.last ?? -1;
    closes.push({ conn: c.id, seq: last + 1, time, type: 'close', code: 0, reason: '', wasClean: false, initiator: 'unknown' });
  }
  if (closes.length > 0) applyEvents(store, origin, closes);
}
