import { describe, expect, it } from 'vitest';
import { logEntry } from '../store/events.fixture';
import { createMessageLog, type LogEntry, type MessageLog } from '../store/message-log';
import { createIncrementalIndex, wholeLogView, type MessageView } from '../store/message-view';
import { createSortedIndex, nextSort } from './sort';

const frame = (size: number, over: Partial<LogEntry> = {}): LogEntry => logEntry({ size, data: 'x', ...over });

const ids = (view: MessageView): number[] => Array.from({ length: view.length }, (_, r) => view.idAt(r));

/** Every row's id leads back to that row. */
function expectConsistent(view: MessageView): void {
  for (let row = 0; row < view.length; row++) expect(view.rowOf(view.idAt(row))).toBe(row);
}

/** Counts the log's key reads, to show what an update costs. */
function counted(log: MessageLog): { log: MessageLog; reads: () => number } {
  let reads = 0;
  const counting: MessageLog = Object.create(log) as MessageLog;
  counting.sizeAt = (id) => {
    reads++;
    return log.sizeAt(id);
  };
  return { log: counting, reads: () => reads };
}

describe('sorting the grid', () => {
  it('cycles a header through ascending, descending and arrival order', () => {
    expect(nextSort(null, 'size')).toEqual({ key: 'size', descending: false });
    expect(nextSort({ key: 'size', descending: false }, 'size')).toEqual({ key: 'size', descending: true });
    expect(nextSort({ key: 'size', descending: true }, 'size')).toBeNull();
    expect(nextSort({ key: 'size', descending: true }, 'time')).toEqual({ key: 'time', descending: false });
  });

  it('sorts by size both ways, equal sizes in arrival order', () => {
    const log = createMessageLog({ maxMessages: 100, maxBytes: Infinity });
    [5, 1, 5, 3, 1].forEach((size) => log.append(frame(size)));
    const up = createSortedIndex(log, { key: 'size', descending: false }).update(wholeLogView(log));
    expect(ids(up)).toEqual([1, 4, 3, 0, 2]);
    const down = createSortedIndex(log, { key: 'size', descending: true }).update(wholeLogView(log));
    expect(ids(down)).toEqual([0, 2, 3, 1, 4]);
    expectConsistent(up);
    expectConsistent(down);
    expect(up.rowOf(99)).toBe(-1);
  });

  it('sorts by time and by direction', () => {
    const log = createMessageLog({ maxMessages: 100, maxBytes: Infinity });
    log.append(frame(1, { time: 30, dir: 'in' }));
    log.append(frame(1, { time: 10, dir: 'out' }));
    log.append(frame(0, { time: 20, kind: 'close', dir: null }));
    log.append(frame(1, { time: 10, dir: 'in' }));
    expect(ids(createSortedIndex(log, { key: 'time', descending: false }).update(wholeLogView(log)))).toEqual([1, 3, 2, 0]);
    expect(ids(createSortedIndex(log, { key: 'dir', descending: false }).update(wholeLogView(log)))).toEqual([1, 0, 3, 2]);
    expect(ids(createSortedIndex(log, { key: 'dir', descending: true }).update(wholeLogView(log)))).toEqual([2, 0, 3, 1]);
  });

  it('merges new messages in, reading only their keys, and forgets evicted ones', () => {
    const base = createMessageLog({ maxMessages: 6, maxBytes: Infinity });
    const { log, reads } = counted(base);
    const index = createSortedIndex(log, { key: 'size', descending: false });
    [4, 2, 6].forEach((size) => base.append(frame(size)));
    const first = index.update(wholeLogView(base));
    expect(ids(first)).toEqual([1, 0, 2]);
    expect(reads()).toBe(3);

    [3, 7].forEach((size) => base.append(frame(size)));
    const second = index.update(wholeLogView(base));
    expect(ids(second)).toEqual([1, 3, 0, 2, 4]);
    expect(reads()).toBe(5);
    // The view before stays intact until the update after next.
    expect(ids(first)).toEqual([1, 0, 2]);
    expect(index.update(wholeLogView(base))).toBe(second);

    [1, 5].forEach((size) => base.append(frame(size)));
    const third = index.update(wholeLogView(base));
    expect(ids(third)).toEqual([5, 1, 3, 6, 2, 4]);
    expectConsistent(third);
    expect(third.rowOf(0)).toBe(-1);
  });

  it('follows a filtered view', () => {
    const log = createMessageLog({ maxMessages: 100, maxBytes: Infinity });
    const filtered = createIncrementalIndex(log, (id) => log.connIndexAt(id) === 1);
    const index = createSortedIndex(log, { key: 'size', descending: true });
    [
      [1, 3],
      [0, 9],
      [1, 5],
    ].forEach(([connIndex, size]) => log.append(frame(size!, { connIndex })));
    expect(ids(index.update(filtered.update()))).toEqual([2, 0]);
    log.append(frame(4, { connIndex: 1 }));
    log.append(frame(8, { connIndex: 0 }));
    const view = index.update(filtered.update());
    expect(ids(view)).toEqual([2, 3, 0]);
    expectConsistent(view);
  });

  it('sorts a million messages, then merges a few more without sorting them all again', () => {
    const base = createMessageLog({ maxMessages: 1_000_000, maxBytes: Infinity });
    for (let i = 0; i < 1_000_000; i++) base.append(frame((i * 7919) % 1000));
    const { log, reads } = counted(base);
    const index = createSortedIndex(log, { key: 'size', descending: false });
    const started = performance.now();
    const view = index.update(wholeLogView(base));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(view.length).toBe(1_000_000);
    for (let row = 1; row < view.length; row += 997) expect(base.sizeAt(view.idAt(row - 1))).toBeLessThanOrEqual(base.sizeAt(view.idAt(row)));
    const before = reads();
    for (let i = 0; i < 10; i++) base.append(frame(500));
    const next = index.update(wholeLogView(base));
    expect(next.length).toBe(1_000_000);
    expect(reads() - before).toBe(10);
    const newest = base.endId - 1;
    expect(next.idAt(next.rowOf(newest))).toBe(newest);
  });
});
