import { describe, expect, it } from 'vitest';
import type { WorkerClientEvent, WorkerSource } from '../../shared/protocol';
import { applyEvents } from './apply-events';
import { ORIGIN } from './events.fixture';
import { createStore } from './store';
import { sharedWorkerClientsOf } from './worker-clients';

const client = (n: number, fields: Partial<WorkerClientEvent> = {}): WorkerClientEvent => ({
  conn: `doc.${n}`, seq: 0, time: n, type: 'worker-client', url: 'https://a.test/hub.js', name: 'hub', frameUrl: 'https://a.test/', ...fields,
});
const HUB: WorkerSource = { kind: 'shared', url: 'https://a.test/hub.js', name: 'hub', startedBy: '', readOnly: true };

describe('the documents connected to a shared worker', () => {
  it('are named once each, by the worker’s URL and name, and make no connection', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [client(1), client(2), client(3, { frameUrl: 'https://a.test/frame.html' }), client(4, { name: 'other' })]);
    expect(sharedWorkerClientsOf(store, HUB)).toEqual(['https://a.test/', 'https://a.test/frame.html']);
    expect(sharedWorkerClientsOf(store, { ...HUB, name: 'other' })).toEqual(['https://a.test/']);
    expect(sharedWorkerClientsOf(store, { ...HUB, kind: 'dedicated' })).toEqual([]);
    expect(store.connections.value).toEqual([]);
  });

  it('are bounded, however often a page connects', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, Array.from({ length: 100 }, (_, i) => client(i, { frameUrl: `https://a.test/${i}` })));
    expect(sharedWorkerClientsOf(store, HUB)).toHaveLength(32);
  });
});
