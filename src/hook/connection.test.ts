import { describe, expect, it } from 'vitest';
import type { HeldEvent } from './held-event';
import { openConnection, record, recordFrame } from './connection';

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

  it('stamps each frame with the running totals of its direction', () => {
    const { emitted, emit } = collecting();
    const connection = openConnection(emit);
    record(connection, frame('a', 'out', 10));
    record(connection, frame('b', 'out', 5));
    record(connection, frame('c', 'in', 7));
    record(connection, error);
    const totals = emitted.map((e) => (e.type === 'frame' ? [e.data, e.totalMessages, e.totalBytes] : [e.type]));
    expect(totals).toEqual([
      ['a', 1, 10],
      ['b', 2, 15],
      ['c', 1, 7],
      ['error'],
    ]);
  });

  it('runs no setter the page put on Object.prototype under the name of an event field', () => {
    const { emitted, emit } = collecting();
    const connection = openConnection(emit);
    const seen: unknown[] = [];
    const names = ['conn', 'seq', 'time', 'type', 'data', 'totalMessages', 'totalBytes'];
    for (const name of names) {
      Object.defineProperty(Object.prototype, name, { configurable: true, set(this: unknown) { seen.push(this); } });
    }
    try {
      record(connection, frame('a', 'out', 10));
      recordFrame(connection, 'in', 'page', { opcode: 'text', size: 1, data: 'b', truncated: false });
      record(connection, error);
    } finally {
      for (const name of names) delete (Object.prototype as Record<string, unknown>)[name];
    }
    expect(seen).toEqual([]);
    expect(emitted[0]).toMatchObject({ data: 'a', totalMessages: 1, totalBytes: 10 });
    expect(emitted[1]).toMatchObject({ type: 'frame', dir: 'in', via: 'page', data: 'b', totalMessages: 1, totalBytes: 1 });
  });
});
