import { describe, expect, it } from 'vitest';
import { applyEvents } from './apply-events';
import { close, create, frame, open, ORIGIN, WORKER_ORIGIN } from './events.fixture';
import { createStore } from './store';
import { endWorkerConnections } from './worker-ended';

describe('a hooked worker that ended', () => {
  it('closes the connections it had open, after their last event, and leaves the rest alone', () => {
    const store = createStore();
    applyEvents(store, WORKER_ORIGIN, [create('w1'), open('w1', 1), frame('w1', 2), create('w2'), open('w2', 1), close('w2', 2)]);
    applyEvents(store, ORIGIN, [create('page'), open('page', 1)]);
    endWorkerConnections(store, WORKER_ORIGIN.documentId, 1000);
    const byId = new Map(store.connections.value.map((c) => [c.id, c]));
    expect(byId.get('w1')!.state).toEqual({ phase: 'closed', code: 0, reason: '', wasClean: false, initiator: 'unknown' });
    expect(store.tracks.get('w1')!.seq.missed).toBe(0);
    expect(byId.get('w2')!.state).toMatchObject({ phase: 'closed', initiator: 'server' });
    expect(byId.get('page')!.state.phase).toBe('open');
  });
});
