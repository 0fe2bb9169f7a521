import { describe, expect, it } from 'vitest';
import type { HeldEvent } from './held-event';
import { openConnection, record, reserve } from './connection';

function collecting(): { emitted: HeldEvent[]; emit: (event: HeldEvent) => void } {
  const emitted: HeldEvent[] = [];
  return { emitted, emit: (event) => emitted.push(event) };
}

const error = { type: 'error', reconnecting: false } as const;
const frame = (data: string, dir: 'out' | 'in' = 'out', size = 1) =>
  ({ type: 'frame', dir, via: 'page', opcode: 'binary', size, data, truncated: false }) as const;

describe('connection', () => {
  it('numbers events from 0 and stamps an id that is unique and short enough', () => {
    const { emitted, emit } = collecting();
    const a = openConnection(emit);
    const b = openConnection(emit);
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-z]+\.\d+$/);
    expect(a.id.length).toBeLessThanOrEqual(64);
    record(a, error);
    record(a, error);
    record(b, error);
    expect(emitted.map((e) => [e.conn, e.seq])).toEqual([
      [a.id, 0],
      [a.id, 1],
      [b.id, 0],
    ]);
    expect(emitted.every((e) => Number.isFinite(e.time) && e.time > 1e12)).toBe(true);
  });

  it('holds later events behind a pending read, and releases them in seq order', () => {
    const { emitted, emit } = collecting();
    const connection = openConnection(emit);
    record(connection, error);
    const first = reserve(connection);
    record(connection, error);
    const second = reserve(connection);
    record(connection, error);
    expect(emitted.map((e) => e.seq)).toEqual([0]);

    second(frame('second'));
    expect(emitted.map((e) => e.seq)).toEqual([0]);
    first(frame('first'));
    expect(emitted.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(emitted[1]).toMatchObject({ seq: 1, data: 'first' });
    expect(emitted[3]).toMatchObject({ seq: 3, data: 'second' });
    expect(emitted[3]?.time).toBeLessThanOrEqual(emitted[4]?.time as number);

    record(connection, error);
    expect(emitted.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('stamps each frame with the running totals of its direction, in seq order even behind a read', () => {
    const { emitted, emit } = collecting();
    const connection = openConnection(emit);
    record(connection, frame('a', 'out', 10));
    const blob = reserve(connection);
    record(connection, frame('b', 'out', 5));
    record(connection, frame('c', 'in', 7));
    record(connection, error);
    blob(frame('blob', 'out', 100));
    const totals = emitted.map((e) => (e.type === 'frame' ? [e.data, e.totalMessages, e.totalBytes] : [e.type]));
    expect(totals).toEqual([
      ['a', 1, 10],
      ['blob', 2, 110],
      ['b', 3, 115],
      ['c', 1, 7],
      ['error'],
    ]);
  });
});
