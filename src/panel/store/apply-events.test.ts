import { describe, expect, it } from 'vitest';
import { applyEvents } from './apply-events';
import { close, create, DEDICATED_WORKER, error, frame, open, ORIGIN, WORKER_ORIGIN } from './events.fixture';
import { clearStore, createStore, type Store } from './store';

const rows = (store: Store): string[] => {
  const view = store.view.value;
  return Array.from({ length: view.length }, (_, r) => store.log.get(view.idAt(r)).data);
};
const connection = (store: Store, id: string) => store.connections.value.find((c) => c.id === id)!;

describe('applyEvents', () => {
  it('builds a connection with its state and traffic totals', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [
      create('a', { protocols: ['chat'] }),
      open('a', 1, { protocol: 'chat', extensions: 'permessage-deflate' }),
      frame('a', 2, { dir: 'out', size: 3, data: 'abc' }),
      frame('a', 3, { dir: 'in', size: 5 }),
      frame('a', 4, { dir: 'in', size: 7, data: 'hello!!' }),
    ]);
    expect(connection(store, 'a')).toMatchObject({
      kind: 'ws',
      url: 'wss://example.test/a',
      frameId: 0,
      documentId: 'doc-1',
      requestedProtocols: ['chat'],
      protocol: 'chat',
      extensions: 'permessage-deflate',
      state: { phase: 'open' },
      messagesOut: 1,
      bytesOut: 3,
      messagesIn: 2,
      bytesIn: 12,
      endTime: null,
    });
    applyEvents(store, ORIGIN, [close('a', 5, { code: 4001, reason: 'bye', initiator: 'page' })]);
    expect(connection(store, 'a').state).toEqual({ phase: 'closed', code: 4001, reason: 'bye', wasClean: true, initiator: 'page' });
    expect(connection(store, 'a').endTime).not.toBeNull();
  });

  it('makes grid rows of frames and of open, close and error events', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [create('a'), open('a', 1), frame('a', 2), error('a', 3), close('a', 4, { code: 1006, wasClean: false })]);
    const view = store.view.value;
    const kinds = Array.from({ length: view.length }, (_, r) => store.log.get(view.idAt(r)).kind);
    expect(kinds).toEqual(['open', 'frame', 'error', 'close']);
    expect(rows(store)[3]).toBe('Connection closed by server · code 1006 · not clean');
  });

  it('follows an EventSource through errors and reconnects', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [create('s', { kind: 'sse' }), open('s', 1), frame('s', 2, { event: 'price', lastEventId: '7' })]);
    applyEvents(store, ORIGIN, [error('s', 3, { reconnecting: true })]);
    expect(connection(store, 's').state).toEqual({ phase: 'connecting', reconnecting: true });
    applyEvents(store, ORIGIN, [open('s', 4)]);
    expect(connection(store, 's').state).toEqual({ phase: 'open' });
    applyEvents(store, ORIGIN, [error('s', 5)]);
    expect(connection(store, 's')).toMatchObject({ state: { phase: 'error' }, endTime: expect.any(Number) });
  });

  it('drops the duplicates a backlog replay brings', () => {
    const store = createStore();
    const batch = [create('a'), open('a', 1), frame('a', 2, { data: 'one' }), frame('a', 3, { data: 'two' })];
    applyEvents(store, ORIGIN, batch);
    const connectionsBefore = store.connections.value;
    const revisionBefore = store.revision.value;
    applyEvents(store, ORIGIN, batch);
    expect(rows(store)).toEqual(['Connection open', 'one', 'two']);
    expect(connection(store, 'a').messagesIn).toBe(2);
    // Nothing new: no new connection list, no new revision, so nothing re-renders.
    expect(store.connections.value).toBe(connectionsBefore);
    expect(store.revision.value).toBe(revisionBefore);
  });

  it('counts sequence gaps as missed, and a late replay fills them without rewinding the state', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [create('a'), open('a', 1), frame('a', 4, { data: 'four' }), close('a', 5)]);
    expect(store.missed.value).toBe(2);
    expect(rows(store)[1]).toBe('2 messages lost here (seq 2–3), dropped by a budget or a restart');
    applyEvents(store, ORIGIN, [frame('a', 3)]);
    expect(rows(store)[1]).toBe('1 of 2 messages lost here (seq 2–3); the others arrived later, further down');
    applyEvents(store, ORIGIN, [create('a'), open('a', 1), frame('a', 2, { data: 'two' }), frame('a', 3), frame('a', 4), close('a', 5)]);
    expect(store.missed.value).toBe(0);
    expect(rows(store)).toEqual([
      'Connection open',
      '2 messages missing here (seq 2–3) arrived later, further down',
      'four',
      expect.stringContaining('closed'),
      'hello',
      'two',
    ]);
    expect(connection(store, 'a').state.phase).toBe('closed');
  });

  it('takes a connection’s totals from the hook’s running totals, whatever was dropped before', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [
      create('a'),
      open('a', 1),
      frame('a', 2, { dir: 'out', size: 3, totalMessages: 1, totalBytes: 3 }),
      frame('a', 9_000, { dir: 'in', size: 5, totalMessages: 8_997, totalBytes: 44_985 }),
    ]);
    expect(connection(store, 'a')).toMatchObject({ messagesOut: 1, bytesOut: 3, messagesIn: 8_997, bytesIn: 44_985 });
    // A late frame filling the gap carries older totals, which do not rewind the counts.
    applyEvents(store, ORIGIN, [frame('a', 500, { dir: 'in', size: 5, totalMessages: 497, totalBytes: 2_485 })]);
    expect(connection(store, 'a')).toMatchObject({ messagesIn: 8_997, bytesIn: 44_985 });
    expect(rows(store)[2]).toBe('8,996 of 8,997 messages lost here (seq 3–8,999); the others arrived later, further down');
  });

  it('shows a connection whose create event it never saw', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [frame('s', 3, { event: 'message' })]);
    expect(connection(store, 's')).toMatchObject({ kind: 'sse', url: '', state: { phase: 'open' }, messagesIn: 1 });
    expect(store.missed.value).toBe(3);
  });

  it('takes the worker a connection is in from the service worker’s own batches only, never from a page’s', () => {
    const store = createStore();
    applyEvents(store, WORKER_ORIGIN, [create('w', { worker: { ...DEDICATED_WORKER, joinedLate: true } }), frame('w', 1)]);
    applyEvents(store, ORIGIN, [create('forged', { worker: DEDICATED_WORKER }), create('page')]);
    expect(connection(store, 'w')).toMatchObject({ frameId: WORKER_ORIGIN.frameId, documentId: 'worker:target-1', worker: { ...DEDICATED_WORKER, joinedLate: true } });
    expect(connection(store, 'forged').worker).toBeUndefined();
    expect(connection(store, 'page').worker).toBeUndefined();
    // A create that comes after the connection's first frame is held to the same rule.
    applyEvents(store, ORIGIN, [frame('late', 1), create('late', { seq: 0, worker: DEDICATED_WORKER })]);
    applyEvents(store, WORKER_ORIGIN, [frame('late-worker', 1), create('late-worker', { seq: 0, worker: DEDICATED_WORKER })]);
    expect(connection(store, 'late').worker).toBeUndefined();
    expect(connection(store, 'late-worker').worker).toEqual(DEDICATED_WORKER);

    store.filter.value = { ...store.filter.value, text: 'is:worker type:text' };
    expect(store.view.value.length).toBe(2);
    store.filter.value = { ...store.filter.value, text: 'worker:feed -conn:late type:text' };
    expect(store.view.value.length).toBe(1);
  });

  it('interleaves all connections, and filters by the selected one as events arrive', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [create('a'), create('b'), frame('a', 1, { data: 'a1' }), frame('b', 1, { data: 'b1' })]);
    expect(rows(store)).toEqual(['a1', 'b1']);
    store.selectedConnId.value = 'b';
    expect(rows(store)).toEqual(['b1']);
    applyEvents(store, ORIGIN, [frame('a', 2, { data: 'a2' }), frame('b', 2, { data: 'b2' })]);
    expect(rows(store)).toEqual(['b1', 'b2']);
    store.selectedConnId.value = null;
    expect(rows(store)).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('evicts the oldest messages over budget and says how many', () => {
    const store = createStore({ maxMessages: 3 });
    applyEvents(store, ORIGIN, [create('a'), ...[1, 2, 3, 4, 5].map((s) => frame('a', s, { data: `m${s}` }))]);
    expect(rows(store)).toEqual(['m3', 'm4', 'm5']);
    expect(store.dropped.value).toBe(2);
    // The totals still count everything the connection did.
    expect(connection(store, 'a').messagesIn).toBe(5);
  });

});

describe('clearStore', () => {
  it('forgets messages and finished connections, keeps live ones, and ignores replays', () => {
    const store = createStore({ maxMessages: 2 });
    const traffic = [create('live'), open('live', 1), frame('live', 2), create('done'), close('done', 1), frame('live', 3), frame('live', 4)];
    applyEvents(store, ORIGIN, traffic);
    store.selectedConnId.value = 'done';
    store.selectedMessageId.value = store.log.endId - 1;
    expect(store.dropped.value).toBeGreaterThan(0);
    clearStore(store);
    expect(store.connections.value.map((c) => c.id)).toEqual(['live']);
    expect([store.view.value.length, store.dropped.value, store.missed.value]).toEqual([0, 0, 0]);
    expect([store.selectedConnId.value, store.selectedMessageId.value]).toEqual([null, null]);
    applyEvents(store, ORIGIN, traffic);
    expect(store.view.value.length).toBe(0);
    applyEvents(store, ORIGIN, [frame('live', 5, { data: 'after clear' })]);
    expect(rows(store)).toEqual(['after clear']);
  });
});
