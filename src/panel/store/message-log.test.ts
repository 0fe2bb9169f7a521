import { describe, expect, it } from 'vitest';
import { logEntry } from './events.fixture';
import { createMessageLog, type LogEntry } from './message-log';

describe('message log', () => {
  it('gives monotonic ids and reads every field back', () => {
    const log = createMessageLog({ maxMessages: 10, maxBytes: 1000 });
    const a = logEntry({ connIndex: 7, seq: 3, dir: 'out', via: 'inject', opcode: 'binary', truncated: true, size: 99, data: 'AAEC' });
    const b = logEntry({ kind: 'close', dir: null, event: 'price', lastEventId: '42' });
    expect(log.append(a)).toBe(0);
    expect(log.append(b)).toBe(1);
    expect(log.get(0)).toEqual(a);
    expect(log.get(1)).toEqual(b);
    expect(log.connIndexAt(0)).toBe(7);
    expect([log.firstId, log.endId, log.retainedBytes]).toEqual([0, 2, 9]);
  });

  it('keeps order while it grows past its initial capacity', () => {
    const log = createMessageLog({ maxMessages: 5000, maxBytes: Infinity });
    for (let i = 0; i < 3000; i++) log.append(logEntry({ seq: i, data: String(i) }));
    expect(log.get(0).data).toBe('0');
    expect(log.get(2999).data).toBe('2999');
    expect(log.get(1024).seq).toBe(1024);
  });

  it('evicts the oldest messages over the count budget and counts them', () => {
    const log = createMessageLog({ maxMessages: 3, maxBytes: Infinity });
    for (let i = 0; i < 5; i++) log.append(logEntry({ data: `m${i}` }));
    expect([log.firstId, log.endId, log.dropped]).toEqual([2, 5, 2]);
    expect(log.has(1)).toBe(false);
    expect(() => log.get(1)).toThrow(RangeError);
    expect([2, 3, 4].map((id) => log.get(id).data)).toEqual(['m2', 'm3', 'm4']);
  });

  it('evicts the oldest messages over the byte budget, but always keeps the newest', () => {
    const log = createMessageLog({ maxMessages: 100, maxBytes: 10 });
    log.append(logEntry({ data: 'aaaa' }));
    log.append(logEntry({ data: 'bbbb' }));
    log.append(logEntry({ data: 'cccc' }));
    expect([log.firstId, log.retainedBytes, log.dropped]).toEqual([1, 8, 1]);
    log.append(logEntry({ data: 'x'.repeat(50) }));
    expect([log.firstId, log.endId, log.retainedBytes, log.dropped]).toEqual([3, 4, 50, 3]);
  });

  it('wraps around the ring once full and keeps reading right', () => {
    const log = createMessageLog({ maxMessages: 4, maxBytes: Infinity });
    for (let i = 0; i < 11; i++) log.append(logEntry({ seq: i }));
    expect([7, 8, 9, 10].map((id) => log.get(id).seq)).toEqual([7, 8, 9, 10]);
  });

  it('clears without reusing ids', () => {
    const log = createMessageLog({ maxMessages: 2, maxBytes: Infinity });
    for (let i = 0; i < 3; i++) log.append(logEntry());
    log.clear();
    expect([log.firstId, log.endId, log.dropped, log.retainedBytes]).toEqual([3, 3, 0, 0]);
    expect(log.has(2)).toBe(false);
    expect(log.append(logEntry())).toBe(3);
  });

  it('reads single fields without materializing a message, across the ring', () => {
    const log = createMessageLog({ maxMessages: 3, maxBytes: Infinity });
    log.append(logEntry());
    log.append(logEntry({ kind: 'close', dir: null, data: 'Connection closed' }));
    log.append(logEntry({ dir: 'out', opcode: 'binary', data: 'AAE=' }));
    log.append(logEntry({ event: 'price', data: '42' }));
    expect([1, 2, 3].map((id) => [log.kindAt(id), log.dirAt(id), log.opcodeAt(id), log.dataAt(id), log.eventAt(id)])).toEqual([
      ['close', null, 'text', 'Connection closed', undefined],
      ['frame', 'out', 'binary', 'AAE=', undefined],
      ['frame', 'in', 'text', '42', 'price'],
    ]);
  });

  it('applies a smaller budget at once, counting what it drops, and a bigger one from then on', () => {
    const log = createMessageLog({ maxMessages: 10, maxBytes: Infinity });
    for (let i = 0; i < 8; i++) log.append(logEntry({ seq: i }));
    log.setBudget({ maxMessages: 3, maxBytes: Infinity });
    expect([log.firstId, log.endId, log.dropped]).toEqual([5, 8, 5]);
    expect(log.get(5).seq).toBe(5);
    log.setBudget({ maxMessages: 3, maxBytes: 6 });
    expect([log.firstId, log.retainedBytes]).toEqual([7, 5]);
    log.setBudget({ maxMessages: 5, maxBytes: Infinity });
    for (let i = 8; i < 20; i++) log.append(logEntry({ seq: i }));
    expect([log.firstId, log.endId]).toEqual([15, 20]);
    expect(log.get(19).seq).toBe(19);
  });

  it('stores a gap row and reads it back, among every combination of flags', () => {
    const log = createMessageLog({ maxMessages: 1000, maxBytes: Infinity });
    const entries: LogEntry[] = [];
    for (const kind of ['frame', 'open', 'close', 'error', 'gap'] as const)
      for (const dir of [null, 'out', 'in'] as const)
        for (const via of ['page', 'panel', 'inject'] as const)
          for (const opcode of ['text', 'binary'] as const)
            for (const truncated of [false, true]) entries.push(logEntry({ kind, dir, via, opcode, truncated }));
    const ids = entries.map((e) => log.append(e));
    expect(ids.map((id) => log.get(id))).toEqual(entries);
    expect(ids.map((id) => log.kindAt(id))).toEqual(entries.map((e) => e.kind));
    const gap = log.append(logEntry({ kind: 'gap', dir: null, seq: 12, data: '3 messages lost here (seq 12–14)' }));
    expect([log.kindAt(gap), log.dirAt(gap), log.dataAt(gap), log.get(gap).seq]).toEqual(['gap', null, '3 messages lost here (seq 12–14)', 12]);
  });
});
