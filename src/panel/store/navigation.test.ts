import { describe, expect, it } from 'vitest';
import { applyEvents } from './apply-events';
import { create, DEDICATED_WORKER, frame, open, WORKER_ORIGIN } from './events.fixture';
import { applyTopDocument } from './navigation';
import { createStore, type Store } from './store';

const OLD = { frameId: 0, documentId: 'old-top' };
const OLD_IFRAME = { frameId: 3, documentId: 'old-iframe' };
const NEW = { frameId: 0, documentId: 'new-top' };

const rows = (store: Store): string[] => {
  const view = store.view.value;
  return Array.from({ length: view.length }, (_, r) => store.log.get(view.idAt(r)).data);
};

function visitedStore(): Store {
  const store = createStore();
  applyTopDocument(store, OLD.documentId);
  applyEvents(store, OLD, [create('a'), open('a', 1), frame('a', 2, { data: 'old a' })]);
  applyEvents(store, OLD_IFRAME, [create('b'), frame('b', 1, { data: 'old b' })]);
  return store;
}

describe('navigation', () => {
  it('changes nothing when the top document stays (pushState, hash, a reconnecting relay)', () => {
    const store = visitedStore();
    applyTopDocument(store, OLD.documentId);
    expect(store.connections.value.map((c) => [c.id, c.previousPage])).toEqual([
      ['a', false],
      ['b', false],
    ]);
    expect(rows(store)).toEqual(['Connection open', 'old a', 'old b']);
  });

  it('clears the page that was left, frames included, and keeps out its late events', () => {
    const store = visitedStore();
    applyTopDocument(store, NEW.documentId);
    applyEvents(store, NEW, [create('c'), frame('c', 1, { data: 'new c' })]);
    applyEvents(store, OLD_IFRAME, [frame('b', 2, { data: 'late b' }), create('d')]);
    expect(store.connections.value.map((c) => c.id)).toEqual(['c']);
    expect(rows(store)).toEqual(['new c']);
  });

  it('keeps the connections of shared and service workers, which outlive the page, and clears a dedicated worker’s', () => {
    const store = visitedStore();
    const sharedOrigin = { ...WORKER_ORIGIN, documentId: 'worker:shared' };
    applyEvents(store, WORKER_ORIGIN, [create('dedicated', { worker: DEDICATED_WORKER })]);
    applyEvents(store, sharedOrigin, [create('shared', { worker: { ...DEDICATED_WORKER, kind: 'shared', startedBy: '' } })]);
    applyTopDocument(store, NEW.documentId);
    applyEvents(store, sharedOrigin, [frame('shared', 1, { data: 'still shared' })]);
    expect(store.connections.value.map((c) => c.id)).toEqual(['shared']);
    expect(rows(store)).toEqual(['still shared']);
  });

  it('with Preserve log, keeps the page that was left, marked as such', () => {
    const store = visitedStore();
    store.preserveLog.value = true;
    applyTopDocument(store, NEW.documentId);
    applyEvents(store, NEW, [create('c'), frame('c', 1, { data: 'new c' })]);
    applyEvents(store, OLD_IFRAME, [create('d')]);
    expect(store.connections.value.map((c) => [c.id, c.previousPage])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', true],
    ]);
    expect(rows(store)).toEqual(['Connection open', 'old a', 'old b', 'new c']);
  });

  it('takes a page restored from the back/forward cache back as current, frames included', () => {
    const store = visitedStore();
    store.preserveLog.value = true;
    applyTopDocument(store, NEW.documentId);
    applyTopDocument(store, OLD.documentId);
    applyEvents(store, OLD_IFRAME, [frame('b', 2, { data: 'b again' })]);
    expect(store.connections.value.map((c) => [c.id, c.previousPage])).toEqual([
      ['a', false],
      ['b', false],
    ]);
    expect(rows(store)).toEqual(['Connection open', 'old a', 'old b', 'b again']);
  });
});

describe('navigation over a full log', () => {
  it('keeps the messages of the connections that stay, pinned ones included, in order', () => {
    const store = createStore({ maxMessages: 4 });
    applyTopDocument(store, OLD.documentId);
    // The new page's socket is seen before the notice of its document; then the old page floods.
    applyEvents(store, NEW, [create('c'), frame('c', 1, { data: 'new c' })]);
    applyEvents(store, OLD, [create('a'), ...[1, 2, 3, 4, 5].map((s) => frame('a', s, { data: `old a${s}` }))]);
    expect(store.log.pinnedIds()).toHaveLength(1);
    expect(rows(store)).toEqual(['new c', 'old a3', 'old a4', 'old a5']);
    applyTopDocument(store, NEW.documentId);
    expect(rows(store)).toEqual(['new c']);
    applyEvents(store, NEW, [frame('c', 2, { data: 'new c2' })]);
    expect(rows(store)).toEqual(['new c', 'new c2']);
  });
});

describe('pause', () => {
  it('adds no rows while paused, keeps connection states true, and drops nothing captured', () => {
    const store = createStore();
    applyEvents(store, NEW, [create('a'), open('a', 1), frame('a', 2, { data: 'before' })]);
    store.recording.value = false;
    applyEvents(store, NEW, [frame('a', 3, { data: 'while paused' }), { type: 'close', conn: 'a', seq: 4, time: 5, code: 1000, reason: '', wasClean: true, initiator: 'page' }]);
    expect(rows(store)).toEqual(['Connection open', 'before']);
    expect(store.connections.value[0]!.state.phase).toBe('closed');
    store.recording.value = true;
    // A backlog replay after resuming does not bring the paused events back.
    applyEvents(store, NEW, [frame('a', 3, { data: 'while paused' }), frame('a', 5, { data: 'after' })]);
    expect(rows(store)).toEqual(['Connection open', 'before', 'after']);
  });
});
