import { describe, expect, it } from 'vitest';
import type { ReleaseEvent } from '../../shared/protocol';
import { applyEvents } from './apply-events';
import { close, create, frame, open, ORIGIN } from './events.fixture';
import { MAX_COUNTED_RULES, MAX_PAUSED } from './intercepts';
import { clearStore, createStore } from './store';

const release = (conn: string, seq: number, over: Partial<ReleaseEvent> = {}): ReleaseEvent => ({
  type: 'release',
  conn,
  seq,
  time: 2000 + seq,
  hold: 1,
  outcome: 'continued',
  ...over,
});

const lastRow = (store: ReturnType<typeof createStore>) => store.log.get(store.log.endId - 1);

describe('intercepts in the store', () => {
  it('counts the frames each rule acted on, not its own replies, and forgets them on Clear', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [
      create('a'),
      open('a', 1),
      frame('a', 2, { dir: 'out', rule: 'r1', action: 'drop' }),
      frame('a', 3, { dir: 'out', rule: 'r1', action: 'respond' }),
      frame('a', 4, { dir: 'in', via: 'rule', rule: 'r1' }),
      frame('a', 5, { dir: 'in', rule: 'r2', action: 'delay', delayMs: 50 }),
      frame('a', 6),
    ]);
    expect([...store.ruleMatches.value]).toEqual([
      ['r1', 2],
      ['r2', 1],
    ]);
    // A backlog replaying the same events counts nothing twice.
    applyEvents(store, ORIGIN, [frame('a', 2, { dir: 'out', rule: 'r1', action: 'drop' })]);
    expect(store.ruleMatches.value.get('r1')).toBe(2);
    clearStore(store);
    expect(store.ruleMatches.value.size).toBe(0);
  });

  it('keeps what a rule did on the row, with the rule’s reply marked as made by Frametap', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [create('a'), frame('a', 1, { rule: 'r', action: 'rewrite', delivered: 'HELLO', deliveredSize: 5 })]);
    expect(lastRow(store).intercept).toMatchObject({ rule: 'r', action: 'rewrite', delivered: 'HELLO', deliveredSize: 5 });
    applyEvents(store, ORIGIN, [frame('a', 2, { via: 'rule', rule: 'r' })]);
    expect(lastRow(store)).toMatchObject({ via: 'rule', intercept: { rule: 'r' } });
    applyEvents(store, ORIGIN, [frame('a', 3)]);
    expect(lastRow(store).intercept).toBeUndefined();
  });

  it('queues paused messages oldest first and marks each row as it is let go', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [
      create('a'),
      frame('a', 1, { dir: 'out', data: 'one', rule: 'p', action: 'pause', hold: 1 }),
      frame('a', 2, { dir: 'out', data: 'two', rule: 'p', action: 'pause', hold: 2 }),
    ]);
    expect(store.paused.value.map((p) => [p.hold, p.data])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    const firstRow = store.paused.value[0]!.rowId!;
    const revision = store.revision.value;
    applyEvents(store, ORIGIN, [release('a', 3, { hold: 1, outcome: 'edited', data: 'ONE', size: 3 })]);
    expect(store.paused.value.map((p) => p.hold)).toEqual([2]);
    expect(store.log.get(firstRow).intercept).toMatchObject({ action: 'pause', hold: 1, release: { outcome: 'edited', data: 'ONE', size: 3 } });
    expect(store.revision.value).toBeGreaterThan(revision);
    // A release of nothing held (forged, or repeated) changes nothing.
    applyEvents(store, ORIGIN, [release('a', 4, { hold: 9 })]);
    expect(store.paused.value).toHaveLength(1);
  });

  it('still queues a paused message while capture records no rows, and forgets the holds of a closed connection', () => {
    const store = createStore();
    store.recording.value = false;
    applyEvents(store, ORIGIN, [create('a'), create('b'), frame('a', 1, { rule: 'p', action: 'pause', hold: 1 }), frame('b', 1, { rule: 'p', action: 'pause', hold: 1 })]);
    expect(store.paused.value.map((p) => [p.conn, p.rowId])).toEqual([
      ['a', null],
      ['b', null],
    ]);
    applyEvents(store, ORIGIN, [close('a', 2)]);
    expect(store.paused.value.map((p) => p.conn)).toEqual(['b']);
  });

  it('counts made-up rule ids only up to a bound', () => {
    const store = createStore();
    const frames = Array.from({ length: MAX_COUNTED_RULES + 10 }, (_, i) => frame('a', i + 1, { rule: `r${i}`, action: 'drop' }));
    applyEvents(store, ORIGIN, [create('a'), ...frames, frame('a', MAX_COUNTED_RULES + 11, { rule: 'r0', action: 'drop' })]);
    expect(store.ruleMatches.value.size).toBe(MAX_COUNTED_RULES);
    expect(store.ruleMatches.value.get('r0')).toBe(2);
  });

  it('bounds the queue, keeping the oldest', () => {
    const store = createStore();
    const frames = Array.from({ length: MAX_PAUSED + 5 }, (_, i) => frame('a', i + 1, { rule: 'p', action: 'pause', hold: i + 1 }));
    applyEvents(store, ORIGIN, [create('a'), ...frames]);
    expect(store.paused.value).toHaveLength(MAX_PAUSED);
    expect(store.paused.value[0]!.hold).toBe(1);
  });

  it('takes nothing from an imported file’s frames: they hold nothing in any page', () => {
    const store = createStore();
    const imported = { frameId: -1, documentId: 'import' };
    applyEvents(store, imported, [create('a'), frame('a', 1, { rule: 'p', action: 'pause', hold: 1 }), frame('a', 2, { rule: 'r', action: 'drop' })]);
    expect(store.paused.value).toEqual([]);
    expect(store.ruleMatches.value.size).toBe(0);
    expect(lastRow(store).intercept).toMatchObject({ rule: 'r', action: 'drop' });
  });

  it('remembers once each rule the hook stopped for answering in a loop', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [create('a'), frame('a', 1, { dir: 'out', rule: 'r', action: 'respond', loop: true }), frame('a', 2, { dir: 'out', rule: 'r', loop: true })]);
    expect(store.loopedRules.value).toEqual(['r']);
  });

  it('counts what a rule delivered against the byte budget, and gives it back with the message', () => {
    const store = createStore({ maxMessages: 2 });
    applyEvents(store, ORIGIN, [create('a'), frame('a', 1, { data: 'abc', size: 3, rule: 'r', action: 'rewrite', delivered: 'abcdef' })]);
    expect(store.log.retainedBytes).toBe(9);
    applyEvents(store, ORIGIN, [frame('a', 2, { data: 'x', size: 1 }), frame('a', 3, { data: 'y', size: 1 })]);
    expect(store.log.retainedBytes).toBe(2);
  });
});
