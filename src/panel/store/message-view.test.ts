import { describe, expect, it } from 'vitest';
import { logEntry } from './events.fixture';
import { createMessageLog, type LogEntry } from './message-log';
import { createIncrementalIndex, wholeLogView } from './message-view';

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
