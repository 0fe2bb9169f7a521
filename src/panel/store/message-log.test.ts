import { describe, expect, it } from 'vitest';
import { logEntry } from './events.fixture';
import { createMessageLog, type LogEntry, type MessageLog } from './message-log';

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
});

describe('message log budgets across connections', () => {
  const retained = (log: MessageLog): number[] => {
    const ids: number[] = [];
    log.forEachRetained((id) => ids.push(id));
    return ids;
  };

  it('has a flood give up its own oldest messages, not a quiet connection’s', () => {
    const log = createMessageLog({ maxMessages: 1_000_000, maxBytes: Infinity });
    for (let i = 0; i < 10; i++) log.append(logEntry({ connIndex: 0, seq: i, data: `quiet ${i}` }));
    const loud = logEntry({ connIndex: 1, data: 'x' });
    for (let i = 0; i < 2_000_000; i++) log.append(loud);
    expect([log.retainedFramesOf(0), log.retainedFramesOf(1)]).toEqual([10, 999_990]);
    expect(log.dropped).toBe(1_000_010);
    expect(log.pinnedIds()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([log.firstId, log.endId]).toEqual([1_000_020, 2_000_010]);
    expect(log.get(9)).toEqual(logEntry({ connIndex: 0, seq: 9, data: 'quiet 9' }));
    expect(log.retainedBytes).toBe(10 * 'quiet 0'.length + 999_990);
  });

  it('has the connection holding the most characters give up over the byte budget, whatever its count', () => {
    const log = createMessageLog({ maxMessages: 1000, maxBytes: 400 });
    for (let i = 0; i < 3; i++) log.append(logEntry({ connIndex: 1, data: 'L'.repeat(100) }));
    for (let i = 0; i < 20; i++) log.append(logEntry({ connIndex: 0, data: 'sssss' }));
    expect(log.retainedBytes).toBe(400);
    log.append(logEntry({ connIndex: 0, data: 'sssss' }));
    expect([log.retainedFramesOf(0), log.retainedFramesOf(1), log.retainedBytes, log.dropped]).toEqual([21, 2, 305, 1]);
    expect(log.has(0)).toBe(false);
  });

  it('keeps a newest message alone over the byte budget, evicting every other connection’s', () => {
    const log = createMessageLog({ maxMessages: 1000, maxBytes: 100 });
    for (let i = 0; i < 5; i++) log.append(logEntry({ connIndex: 0, data: 'small' }));
    const big = log.append(logEntry({ connIndex: 1, data: 'x'.repeat(500) }));
    expect(retained(log)).toEqual([big]);
    expect([log.retainedBytes, log.dropped, log.retainedFramesOf(0)]).toEqual([500, 5, 0]);
  });

  it('shares the count budget within one between equally loud connections', () => {
    const log = createMessageLog({ maxMessages: 101, maxBytes: Infinity });
    let worst = 0;
    for (let i = 0; i < 5000; i++) {
      log.append(logEntry({ connIndex: i % 2, seq: i }));
      worst = Math.max(worst, Math.abs(log.retainedFramesOf(0) - log.retainedFramesOf(1)));
    }
    expect(worst).toBe(1);
    expect(log.retainedFramesOf(0) + log.retainedFramesOf(1)).toBe(101);
    expect(log.dropped).toBe(5000 - 101);
  });

  it('pins the messages in front of the one it evicts: same ids, every field still readable', () => {
    const log = createMessageLog({ maxMessages: 4, maxBytes: Infinity });
    const quiet = logEntry({ connIndex: 0, kind: 'open', dir: null, data: 'Connection open', event: 'e', lastEventId: '7' });
    log.append(quiet);
    for (let i = 0; i < 4; i++) log.append(logEntry({ connIndex: 1, seq: i, dir: 'out', opcode: 'binary', data: `b${i}` }));
    expect([log.firstId, log.endId, log.dropped]).toEqual([2, 5, 1]);
    expect(log.pinnedIds()).toEqual([0]);
    expect(retained(log)).toEqual([0, 2, 3, 4]);
    expect([log.has(0), log.has(1), log.has(0.5), log.has(5)]).toEqual([true, false, false, false]);
    expect(log.get(0)).toEqual(quiet);
    expect([log.connIndexAt(0), log.kindAt(0), log.dirAt(0), log.opcodeAt(0), log.dataAt(0), log.eventAt(0)]).toEqual([0, 'open', null, 'text', 'Connection open', 'e']);
    expect([log.kindAt(2), log.dirAt(2), log.opcodeAt(2), log.dataAt(2)]).toEqual(['frame', 'out', 'binary', 'b1']);
    expect(() => log.get(1)).toThrow(RangeError);
    expect(() => log.kindAt(1)).toThrow(RangeError);
    // Changing what `get` returned changes nothing retained.
    log.get(0).data = 'changed';
    expect(log.dataAt(0)).toBe('Connection open');
  });

  it('evicts a pinned message first once its connection holds the most, and says so by its version', () => {
    const log = createMessageLog({ maxMessages: 4, maxBytes: Infinity });
    log.append(logEntry({ connIndex: 0, data: 'q0' }));
    for (let i = 0; i < 4; i++) log.append(logEntry({ connIndex: 1, data: `l${i}` }));
    const version = log.pinnedVersion;
    const pinnedBefore = log.pinnedIds();
    log.append(logEntry({ connIndex: 0, data: 'q1' })); // 5: connection 1 still holds the most
    expect(retained(log)).toEqual([0, 3, 4, 5]);
    expect(log.pinnedVersion).toBe(version);
    log.append(logEntry({ connIndex: 0, data: 'q2' })); // 6: now connection 0 does: its oldest goes
    expect(retained(log)).toEqual([3, 4, 5, 6]);
    expect(log.pinnedVersion).not.toBe(version);
    expect(log.pinnedIds()).toEqual([]);
    expect(pinnedBefore).toEqual([0]);
    expect(log.has(0)).toBe(false);
    expect(log.dropped).toBe(3);
  });

  it('iterates retained ids from any id on, pinned ones first', () => {
    const log = createMessageLog({ maxMessages: 5, maxBytes: Infinity });
    [0, 1, 0, 2, 2, 2, 2].forEach((c) => log.append(logEntry({ connIndex: c })));
    expect(log.pinnedIds()).toEqual([0, 1, 2]);
    expect(retained(log)).toEqual([0, 1, 2, 5, 6]);
    const from = (start: number): number[] => {
      const ids: number[] = [];
      log.forEachRetained((id) => ids.push(id), start);
      return ids;
    };
    expect([from(1), from(3), from(6), from(7)]).toEqual([[1, 2, 5, 6], [5, 6], [6], []]);
  });

  it('counts each connection’s retained frames, not its lifecycle or gap rows', () => {
    const log = createMessageLog({ maxMessages: 6, maxBytes: Infinity });
    log.append(logEntry({ connIndex: 3, kind: 'open', dir: null }));
    log.append(logEntry({ connIndex: 3 }));
    log.append(logEntry({ connIndex: 3, kind: 'gap', dir: null }));
    log.append(logEntry({ connIndex: 3 }));
    log.append(logEntry({ connIndex: 3, kind: 'close', dir: null }));
    expect([log.retainedFramesOf(3), log.retainedFramesOf(4)]).toEqual([2, 0]);
    for (let i = 0; i < 3; i++) log.append(logEntry({ connIndex: 4 }));
    // Connection 3 held the most: its open row and its first frame went.
    expect([log.retainedFramesOf(3), log.retainedFramesOf(4)]).toEqual([1, 3]);
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

  it('applies a smaller budget fairly at once, keeping the newest message', () => {
    const log = createMessageLog({ maxMessages: 100, maxBytes: Infinity });
    for (let i = 0; i < 3; i++) log.append(logEntry({ connIndex: 0, data: 'qq' }));
    for (let i = 0; i < 20; i++) log.append(logEntry({ connIndex: 1, data: 'll' }));
    log.setBudget({ maxMessages: 10, maxBytes: Infinity });
    expect([log.retainedFramesOf(0), log.retainedFramesOf(1), log.dropped]).toEqual([3, 7, 13]);
    expect(log.pinnedIds()).toEqual([0, 1, 2]);
    log.append(logEntry({ connIndex: 2, data: 'x'.repeat(15) }));
    expect([log.retainedFramesOf(0), log.retainedFramesOf(1), log.retainedFramesOf(2)]).toEqual([3, 6, 1]);
    // Connection 2 holds the most characters, but all it holds is the newest message, which stays.
    log.setBudget({ maxMessages: 10, maxBytes: 23 });
    expect([log.retainedFramesOf(0), log.retainedFramesOf(1), log.retainedFramesOf(2), log.retainedBytes]).toEqual([2, 2, 1, 23]);
    log.setBudget({ maxMessages: 10, maxBytes: 0 });
    expect(retained(log)).toEqual([log.endId - 1]);
    expect(log.pinnedIds()).toEqual([]);
  });

  it('clears pinned messages too, and starts its shares afresh', () => {
    const log = createMessageLog({ maxMessages: 3, maxBytes: Infinity });
    [0, 1, 1, 1, 1].forEach((c) => log.append(logEntry({ connIndex: c })));
    expect(log.pinnedIds()).toEqual([0]);
    const version = log.pinnedVersion;
    log.clear();
    expect([log.has(0), log.pinnedIds(), log.retainedFramesOf(0), log.retainedFramesOf(1), log.retainedBytes]).toEqual([false, [], 0, 0, 0]);
    expect(log.pinnedVersion).not.toBe(version);
    [1, 1, 1, 0].forEach((c) => log.append(logEntry({ connIndex: c })));
    expect([log.retainedFramesOf(0), log.retainedFramesOf(1), log.pinnedIds()]).toEqual([1, 2, []]);
  });
});

describe('message log under random traffic', () => {
  /** A small seeded generator, so that a failure can be replayed. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function retainedByConn(log: MessageLog): Map<number, number[]> {
    const byConn = new Map<number, number[]>();
    log.forEachRetained((id) => {
      const conn = log.connIndexAt(id);
      byConn.set(conn, [...(byConn.get(conn) ?? []), id]);
    });
    return byConn;
  }

  it('evicts the oldest message of a connection holding the most, and keeps its books straight', () => {
    const next = random(7);
    const log = createMessageLog({ maxMessages: 40, maxBytes: Infinity });
    let appendedSinceClear = 0;
    let mostPinned = 0;
    for (let step = 0; step < 4000; step++) {
      // Connections of very different loudness, some of them lifecycle or gap rows.
      const conn = Math.floor(next() ** 3 * 6);
      const kind = next() < 0.1 ? 'gap' : next() < 0.1 ? 'open' : 'frame';
      const before = retainedByConn(log);
      const weights = new Map([...before].map(([c, ids]) => [c, ids.length + (c === conn ? 1 : 0)]));
      if (!weights.has(conn)) weights.set(conn, 1);
      const id = log.append(logEntry({ connIndex: conn, kind, data: 'x'.repeat(1 + Math.floor(next() * 20)) }));
      appendedSinceClear++;
      const after = retainedByConn(log);
      const kept = (c: number): number[] => (after.get(c) ?? []).filter((r) => r !== id);
      const losers = [...before].filter(([c, ids]) => kept(c).length < ids.length);
      // A full log evicts one message per append, a log with room none.
      expect(losers.length).toBe([...before.values()].flat().length === 40 ? 1 : 0);
      for (const [c, ids] of losers) {
        // It held the most, counting the new message, and gave up its oldest.
        expect(weights.get(c)).toBe(Math.max(...weights.values()));
        expect(kept(c)).toEqual(ids.slice(1));
      }
      const all: number[] = [];
      log.forEachRetained((r) => all.push(r));
      expect(all).toEqual([...log.pinnedIds(), ...Array.from({ length: log.endId - log.firstId }, (_, i) => log.firstId + i)]);
      expect(all.at(-1)).toBe(id);
      expect(all.length).toBeLessThanOrEqual(40);
      expect(log.dropped).toBe(appendedSinceClear - all.length);
      expect(log.retainedBytes).toBe(all.reduce((sum, r) => sum + log.dataAt(r).length, 0));
      for (const c of new Set([...before.keys(), conn])) {
        expect(log.retainedFramesOf(c)).toBe((after.get(c) ?? []).filter((r) => log.kindAt(r) === 'frame').length);
      }
      mostPinned = Math.max(mostPinned, log.pinnedIds().length);
      if (step % 997 === 996) {
        log.clear();
        appendedSinceClear = 0;
      }
    }
    // The traffic did pin messages, and evicted pinned ones.
    expect(mostPinned).toBeGreaterThan(5);
    expect(log.pinnedVersion).toBeGreaterThan(100);
  });

  it('keeps within both budgets whatever the sizes, the newest message always kept', () => {
    const next = random(11);
    const log = createMessageLog({ maxMessages: 30, maxBytes: 300 });
    for (let step = 0; step < 3000; step++) {
      if (step % 500 === 499) log.setBudget({ maxMessages: 5 + Math.floor(next() * 40), maxBytes: 50 + Math.floor(next() * 500) });
      const conn = Math.floor(next() ** 2 * 5);
      const id = log.append(logEntry({ connIndex: conn, data: 'y'.repeat(Math.floor(next() ** 4 * 200)) }));
      const all: number[] = [];
      log.forEachRetained((r) => all.push(r));
      expect(all.at(-1)).toBe(id);
      expect(all.every((r) => log.has(r))).toBe(true);
      expect(all.length).toBeLessThanOrEqual(log.budget.maxMessages);
      if (all.length > 1) expect(log.retainedBytes).toBeLessThanOrEqual(log.budget.maxBytes);
      const retained = new Set(all);
      const wrong = Array.from({ length: 100 }, (_, i) => id - i).filter((r) => r >= 0 && log.has(r) !== retained.has(r));
      expect(wrong).toEqual([]);
    }
  });

  it('rewrites a retained message’s text, in the ring or pinned, and keeps the byte count true', () => {
    const log = createMessageLog({ maxMessages: 3, maxBytes: Infinity });
    const quiet = log.append(logEntry({ connIndex: 0, kind: 'gap', dir: null, data: 'ab' }));
    for (let i = 0; i < 4; i++) log.append(logEntry({ connIndex: 1, data: 'x' }));
    // The quiet connection's row was pinned out of the ring as the loud one gave up its oldest.
    expect(log.pinnedIds()).toEqual([quiet]);
    log.rewriteData(quiet, 'abcd');
    const ring = log.endId - 1;
    log.rewriteData(ring, 'yyy');
    expect([log.dataAt(quiet), log.get(quiet).data, log.dataAt(ring), log.retainedBytes]).toEqual(['abcd', 'abcd', 'yyy', 4 + 1 + 3]);
    log.rewriteData(0.5, 'ignored');
    expect(log.retainedBytes).toBe(8);
  });
});
