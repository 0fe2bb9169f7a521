import { describe, expect, it } from 'vitest';
import { logEntry } from './events.fixture';
import { createMessageLog, type LogEntry } from './message-log';
import { createIncrementalIndex, wholeLogView, type MessageView } from './message-view';

const row = (connIndex: number): LogEntry => logEntry({ connIndex, seq: 0, time: 0, size: 1, data: 'x' });

const ids = (view: { length: number; idAt(row: number): number }): number[] =>
  Array.from({ length: view.length }, (_, r) => view.idAt(r));

describe('message views', () => {
  it('the whole log is its id range', () => {
    const log = createMessageLog({ maxMessages: 3, maxBytes: Infinity });
    for (let i = 0; i < 5; i++) log.append(row(0));
    const view = wholeLogView(log);
    expect(ids(view)).toEqual([2, 3, 4]);
    expect([view.rowOf(1), view.rowOf(3), view.rowOf(5)]).toEqual([-1, 1, -1]);
  });

  it('an index follows appends, scanning only what is new', () => {
    const log = createMessageLog({ maxMessages: 100, maxBytes: Infinity });
    let scanned = 0;
    const index = createIncrementalIndex(log, (id) => {
      scanned++;
      return log.connIndexAt(id) === 1;
    });
    [0, 1, 1, 0].forEach((c) => log.append(row(c)));
    expect(ids(index.update())).toEqual([1, 2]);
    [1, 0].forEach((c) => log.append(row(c)));
    const view = index.update();
    expect(ids(view)).toEqual([1, 2, 4]);
    expect(scanned).toBe(6);
    expect([view.rowOf(4), view.rowOf(3)]).toEqual([2, -1]);
  });

  it('an index forgets evicted messages, and old snapshots stay intact', () => {
    const log = createMessageLog({ maxMessages: 3, maxBytes: Infinity });
    const index = createIncrementalIndex(log, () => true);
    [0, 0, 0].forEach((c) => log.append(row(c)));
    const before = index.update();
    for (let i = 0; i < 2000; i++) log.append(row(0));
    expect(ids(index.update())).toEqual([2000, 2001, 2002]);
    expect(ids(before)).toEqual([0, 1, 2]);
  });
});

describe('message views over pinned messages', () => {
  /** Connection 0's one message, then connection 1's flood: 0 is pinned in front of the ring. */
  function floodedLog() {
    const log = createMessageLog({ maxMessages: 4, maxBytes: Infinity });
    log.append(row(0));
    for (let i = 0; i < 6; i++) log.append(row(1));
    return log;
  }

  it('the whole log is its pinned ids, then its ring', () => {
    const log = floodedLog();
    const view = wholeLogView(log);
    expect(ids(view)).toEqual([0, 4, 5, 6]);
    expect(view.length).toBe(4);
    expect([0, 1, 3, 4, 6, 7].map((id) => view.rowOf(id))).toEqual([0, -1, -1, 1, 3, -1]);
    // The second of these makes connection 0 the one holding the most: its pinned message goes.
    log.append(row(0));
    log.append(row(0));
    expect(ids(wholeLogView(log))).toEqual([5, 6, 7, 8]);
    expect(ids(view)).toEqual([0, 4, 5, 6]);
  });

  it('an index keeps the matching messages that get pinned, without testing them again', () => {
    const log = createMessageLog({ maxMessages: 4, maxBytes: Infinity });
    const tested: number[] = [];
    const index = createIncrementalIndex(log, (id) => {
      tested.push(id);
      return log.connIndexAt(id) !== 2;
    });
    log.append(row(0));
    log.append(row(2));
    expect(ids(index.update())).toEqual([0]);
    for (let i = 0; i < 5; i++) log.append(row(1));
    const view = index.update();
    expect(log.pinnedIds()).toEqual([0, 1]);
    expect(ids(view)).toEqual([0, 5, 6]);
    expect([view.rowOf(0), view.rowOf(1), view.rowOf(5), view.rowOf(6), view.rowOf(4)]).toEqual([0, -1, 1, 2, -1]);
    // 0 was tested once, when appended; 2 to 4 were evicted before any update.
    expect(tested).toEqual([0, 1, 5, 6]);
  });

  it('an index takes messages pinned before it saw them, and those pinned before it existed', () => {
    const log = createMessageLog({ maxMessages: 4, maxBytes: Infinity });
    const index = createIncrementalIndex(log, () => true);
    expect(ids(index.update())).toEqual([]);
    // One batch: connection 0's message is appended and pinned before the next update.
    log.append(row(0));
    for (let i = 0; i < 8; i++) log.append(row(1));
    expect(ids(index.update())).toEqual([0, 6, 7, 8]);
    const late = createIncrementalIndex(log, (id) => log.connIndexAt(id) === 0);
    expect(ids(late.update())).toEqual([0]);
  });

  it('an index forgets pinned messages once evicted, and old snapshots stay intact', () => {
    const log = floodedLog();
    const index = createIncrementalIndex(log, () => true);
    const before = index.update();
    expect(ids(before)).toEqual([0, 4, 5, 6]);
    log.append(row(0)); // 7: connection 1 gives up 4
    const middle = index.update();
    expect(ids(middle)).toEqual([0, 5, 6, 7]);
    log.append(row(0)); // 8: connection 0 holds the most now: 0 goes
    const after = index.update();
    expect(ids(after)).toEqual([5, 6, 7, 8]);
    expect([after.rowOf(0), after.rowOf(8)]).toEqual([-1, 3]);
    for (let i = 0; i < 3000; i++) log.append(row(i % 3));
    index.update();
    expect(ids(before)).toEqual([0, 4, 5, 6]);
    expect(ids(middle)).toEqual([0, 5, 6, 7]);
    expect(ids(after)).toEqual([5, 6, 7, 8]);
  });

  it('an index drops pinned messages on clear', () => {
    const log = floodedLog();
    const index = createIncrementalIndex(log, () => true);
    expect(index.update().length).toBe(4);
    log.clear();
    expect(index.update().length).toBe(0);
    log.append(row(1));
    expect(ids(index.update())).toEqual([7]);
  });
});

describe('message views under random traffic', () => {
  it('whole and filtered views are the retained ids in order, and snapshots never change', () => {
    let state = 3;
    const next = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const log = createMessageLog({ maxMessages: 50, maxBytes: Infinity });
    const byConn1 = createIncrementalIndex(log, (id) => log.connIndexAt(id) === 1);
    const everything = createIncrementalIndex(log, () => true);
    const snapshots: { view: MessageView; ids: number[] }[] = [];
    let mostPinned = 0;
    for (let step = 0; step < 3000; step++) {
      const batch = Math.floor(next() * 30);
      for (let i = 0; i < batch; i++) log.append(row(Math.floor(next() ** 3 * 4)));
      if (step % 700 === 699) log.clear();
      const retained: number[] = [];
      log.forEachRetained((id) => retained.push(id));
      const whole = wholeLogView(log);
      const filtered = byConn1.update();
      expect(ids(whole)).toEqual(retained);
      expect(ids(everything.update())).toEqual(retained);
      expect(ids(filtered)).toEqual(retained.filter((id) => log.connIndexAt(id) === 1));
      expect(retained.map((id) => whole.rowOf(id))).toEqual(retained.map((_, r) => r));
      expect(ids(filtered).map((id) => filtered.rowOf(id))).toEqual(ids(filtered).map((_, r) => r));
      const gone = Array.from({ length: 200 }, (_, i) => log.endId - 1 - i).filter((id) => id >= 0 && !log.has(id));
      expect(gone.filter((id) => whole.rowOf(id) !== -1 || filtered.rowOf(id) !== -1)).toEqual([]);
      mostPinned = Math.max(mostPinned, log.pinnedIds().length);
      if (step % 100 === 0) snapshots.push({ view: filtered, ids: ids(filtered) }, { view: whole, ids: ids(whole) });
    }
    for (const snapshot of snapshots) expect(ids(snapshot.view)).toEqual(snapshot.ids);
    expect(mostPinned).toBeGreaterThan(5);
  });
});
