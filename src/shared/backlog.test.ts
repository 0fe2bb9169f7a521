import { describe, expect, it } from 'vitest';
import { createBacklog } from './backlog';
import type { CloseEvent, CreateEvent, Direction, ErrorEvent, FrameEvent, HookEvent, OpenEvent } from './protocol';

const create = (conn: string): CreateEvent => ({
  type: 'create',
  conn,
  seq: 0,
  time: 1,
  kind: 'ws',
  url: `ws://127.0.0.1/${conn}`,
  protocols: [],
  withCredentials: false,
  frameUrl: 'http://127.0.0.1/',
});

const open = (conn: string, seq = 1): OpenEvent => ({ type: 'open', conn, seq, time: seq, protocol: '', extensions: '' });

const close = (conn: string, seq: number): CloseEvent => ({
  type: 'close',
  conn,
  seq,
  time: seq,
  code: 1000,
  reason: '',
  wasClean: true,
  initiator: 'page',
});

const error = (conn: string, seq: number, reconnecting: boolean): ErrorEvent => ({ type: 'error', conn, seq, time: seq, reconnecting });

const frame = (conn: string, seq: number, data = 'x', dir: Direction = 'in'): FrameEvent => ({
  type: 'frame',
  conn,
  seq,
  time: seq,
  dir,
  via: 'page',
  opcode: 'text',
  size: data.length,
  data,
  truncated: false,
});

const seqsOf = (events: HookEvent[], conn: string): number[] =>
  events.filter((e) => e.conn === conn).map((e) => e.seq);

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('backlog', () => {
  it('replays everything, in arrival order across connections, while under its limits', () => {
    const backlog = createBacklog({ maxEvents: 100, maxPayloadBytes: 1000 });
    const events = [create('a'), frame('a', 1), create('b'), frame('b', 1, 'y', 'out'), frame('a', 2), close('b', 2)];
    backlog.push(events.slice(0, 3));
    backlog.push(events.slice(3));
    expect(backlog.snapshot()).toEqual(events);
  });

  it('drops the oldest frames first, by count', () => {
    const backlog = createBacklog({ maxEvents: 3, maxPayloadBytes: 1e9 });
    backlog.push([create('a'), ...range(1, 5).map((seq) => frame('a', seq))]);
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 4, 5]);
  });

  it('drops the oldest frames first, by payload', () => {
    const backlog = createBacklog({ maxEvents: 100, maxPayloadBytes: 25 });
    backlog.push([create('a'), frame('a', 1, 'x'.repeat(10)), frame('a', 2, 'x'.repeat(10)), frame('a', 3, 'x'.repeat(10))]);
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 2, 3]);
  });

  it('keeps a quiet connection whole while a flood of another fills the budget', () => {
    const backlog = createBacklog({ maxEvents: 50_000, maxPayloadBytes: 1e12 });
    const quiet = [
      create('q'),
      open('q'),
      ...range(2, 11).map((seq) => frame('q', seq, `m${seq}`, seq % 2 === 0 ? 'out' : 'in')),
    ];
    backlog.push(quiet);
    backlog.push([create('l'), open('l')]);
    for (let start = 2; start < 100_002; start += 1000) {
      backlog.push(range(start, start + 999).map((seq) => frame('l', seq)));
    }
    const all = backlog.snapshot();
    expect(all).toHaveLength(50_000);
    expect(all.filter((e) => e.conn === 'q')).toEqual(quiet);
    const loud = seqsOf(all, 'l');
    // 50,000 minus q's 12 events minus l's create and open.
    expect(loud).toEqual([0, 1, ...range(100_001 - 49_986 + 1, 100_001)]);
  });

  it('takes from the connection holding the most payload, not the one with the most frames', () => {
    const backlog = createBacklog({ maxEvents: 1000, maxPayloadBytes: 3000 });
    const chatty = [create('chatty'), ...range(1, 100).map((seq) => frame('chatty', seq, 'c'))];
    backlog.push(chatty);
    backlog.push([create('bulky'), ...range(1, 5).map((seq) => frame('bulky', seq, 'b'.repeat(1000)))]);
    const all = backlog.snapshot();
    expect(all.filter((e) => e.conn === 'chatty')).toEqual(chatty);
    expect(seqsOf(all, 'bulky')).toEqual([0, 4, 5]);
  });

  it('once the heaviest has given up enough, takes from the next heaviest', () => {
    const backlog = createBacklog({ maxEvents: 1000, maxPayloadBytes: 1000 });
    backlog.push([create('a'), ...range(1, 20).map((seq) => frame('a', seq, 'a'.repeat(100)))]);
    backlog.push([create('b'), ...range(1, 20).map((seq) => frame('b', seq, 'b'.repeat(50)))]);
    const all = backlog.snapshot();
    const payloadOf = (conn: string): number =>
      all.reduce((sum, e) => sum + (e.conn === conn && e.type === 'frame' ? e.data.length : 0), 0);
    expect(payloadOf('a') + payloadOf('b')).toBeLessThanOrEqual(1000);
    // Evictable payload (beyond the newest frame) ends within one frame of each other.
    expect(Math.abs(payloadOf('a') - 100 - (payloadOf('b') - 50))).toBeLessThanOrEqual(100);
    expect(seqsOf(all, 'a').at(-1)).toBe(20);
    expect(seqsOf(all, 'b').at(-1)).toBe(20);
  });

  it('shares the budget equally between two equally loud connections', () => {
    const backlog = createBacklog({ maxEvents: 1001, maxPayloadBytes: 1e9 });
    backlog.push([create('a'), create('b')]);
    for (let seq = 1; seq <= 10_000; seq++) backlog.push([frame('a', seq), frame('b', seq)]);
    const all = backlog.snapshot();
    const a = seqsOf(all, 'a').length;
    const b = seqsOf(all, 'b').length;
    expect(a + b).toBe(1001);
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
    expect(seqsOf(all, 'a').at(-1)).toBe(10_000);
    expect(seqsOf(all, 'b').at(-1)).toBe(10_000);
  });

  it('never gives up lifecycle events to make room for frames', () => {
    const backlog = createBacklog({ maxEvents: 20, maxPayloadBytes: 1e9 });
    const lifecycle = [create('sse'), open('sse'), error('sse', 2, true), open('sse', 3), error('sse', 4, true), open('sse', 5)];
    backlog.push(lifecycle);
    backlog.push([create('ws'), open('ws'), ...range(2, 1000).map((seq) => frame('ws', seq)), close('ws', 1001)]);
    const all = backlog.snapshot();
    expect(all.filter((e) => e.conn === 'sse')).toEqual(lifecycle);
    // 20 minus the 6 of sse and the create, open and close of ws leaves 11 frames.
    expect(seqsOf(all, 'ws')).toEqual([0, 1, ...range(990, 1000), 1001]);
  });

  it("keeps each connection's newest frame in each direction, however old", () => {
    const backlog = createBacklog({ maxEvents: 10, maxPayloadBytes: 1e9 });
    backlog.push([create('a'), open('a'), frame('a', 2, 'hello', 'out')]);
    backlog.push(range(3, 1002).map((seq) => frame('a', seq)));
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 1, 2, ...range(996, 1002)]);
  });

  it('lets a frame go once a newer one of its direction arrives', () => {
    const backlog = createBacklog({ maxEvents: 4, maxPayloadBytes: 1e9 });
    backlog.push([create('a'), frame('a', 1, 'x', 'out'), ...range(2, 5).map((seq) => frame('a', seq))]);
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 1, 4, 5]);
    backlog.push([frame('a', 6, 'x', 'out')]);
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 4, 5, 6]);
  });

  it('stays bounded when a page opens connections in a loop, keeping the newest and dropping finished ones first', () => {
    const backlog = createBacklog({ maxEvents: 1000, maxPayloadBytes: 1e9 });
    backlog.push([create('live'), open('live')]);
    for (let i = 0; i < 200_000; i += 100) {
      const batch: HookEvent[] = [];
      for (let j = i; j < i + 100; j++) batch.push(create(`c${j}`), open(`c${j}`), close(`c${j}`, 2));
      backlog.push(batch);
    }
    const all = backlog.snapshot();
    expect(all.length).toBeLessThanOrEqual(1000);
    expect(seqsOf(all, 'live')).toEqual([0, 1]);
    const kept = [...new Set(all.map((e) => e.conn))].filter((conn) => conn !== 'live');
    expect(kept).toEqual(range(200_000 - kept.length, 199_999).map((i) => `c${i}`));
    expect(kept.length).toBe(Math.floor(998 / 3));
    for (const conn of kept) expect(seqsOf(all, conn)).toEqual([0, 1, 2]);
  });

  it('drops the oldest connections whole when none has finished', () => {
    const backlog = createBacklog({ maxEvents: 5, maxPayloadBytes: 1e9 });
    backlog.push(Array.from({ length: 50 }, (_, i) => create(`c${i}`)));
    const creates = backlog.snapshot().filter((e) => e.type === 'create');
    expect(creates.map((e) => e.conn)).toEqual(['c45', 'c46', 'c47', 'c48', 'c49']);
  });

  it('counts an EventSource that stopped reconnecting as finished, not one that reconnects', () => {
    const backlog = createBacklog({ maxEvents: 6, maxPayloadBytes: 1e9 });
    backlog.push([create('gone'), open('gone'), error('gone', 2, false)]);
    backlog.push([create('retrying'), open('retrying'), error('retrying', 2, true)]);
    backlog.push([create('new')]);
    const all = backlog.snapshot();
    expect(seqsOf(all, 'gone')).toEqual([]);
    expect(seqsOf(all, 'retrying')).toEqual([0, 1, 2]);
    expect(seqsOf(all, 'new')).toEqual([0]);
  });

  it('gives up newest frames, the heaviest first, only when they alone exceed the payload budget', () => {
    const backlog = createBacklog({ maxEvents: 100, maxPayloadBytes: 250 });
    backlog.push([create('a'), frame('a', 1, 'a'.repeat(100))]);
    backlog.push([create('b'), frame('b', 1, 'b'.repeat(120))]);
    backlog.push([create('c'), frame('c', 1, 'c'.repeat(50))]);
    const all = backlog.snapshot();
    expect(seqsOf(all, 'a')).toEqual([0, 1]);
    expect(seqsOf(all, 'b')).toEqual([0]);
    expect(seqsOf(all, 'c')).toEqual([0, 1]);
  });

  it('keeps its guarantees over random traffic', () => {
    const backlog = createBacklog({ maxEvents: 200, maxPayloadBytes: 2000 });
    const pushed: HookEvent[] = [];
    const seqs = new Map<string, number>();
    let state = 7;
    const random = (n: number): number => {
      state = (state * 48271) % 2147483647;
      return state % n;
    };
    const next = (conn: string): number => {
      const seq = (seqs.get(conn) ?? -1) + 1;
      seqs.set(conn, seq);
      return seq;
    };
    for (let round = 0; round < 600; round++) {
      const batch: HookEvent[] = [];
      for (let k = random(20); k >= 0; k--) {
        const conn = `c${random(8)}`;
        if (!seqs.has(conn)) batch.push({ ...create(conn), seq: next(conn) }, open(conn, next(conn)));
        else if (random(1000) === 0) batch.push(error(conn, next(conn), true), open(conn, next(conn)));
        else batch.push(frame(conn, next(conn), 'x'.repeat(random(30)), random(3) === 0 ? 'out' : 'in'));
      }
      pushed.push(...batch);
      backlog.push(batch);
      const all = backlog.snapshot();
      expect(all.length).toBeLessThanOrEqual(200);
      expect(all.reduce((sum, e) => sum + (e.type === 'frame' ? e.data.length : 0), 0)).toBeLessThanOrEqual(2000);
      let inOrder = 0;
      for (const event of pushed) if (all[inOrder] === event) inOrder += 1;
      expect(inOrder).toBe(all.length);
      const kept = new Set(all);
      const newest = new Map<string, HookEvent>();
      const missing: HookEvent[] = [];
      for (const event of pushed) {
        if (event.type === 'frame') newest.set(`${event.conn} ${event.dir}`, event);
        else if (!kept.has(event)) missing.push(event);
      }
      for (const event of newest.values()) if (!kept.has(event)) missing.push(event);
      expect(missing).toEqual([]);
    }
  });

  it('lets go of everything when cleared, and keeps working after', () => {
    const backlog = createBacklog({ maxEvents: 10, maxPayloadBytes: 1000 });
    backlog.push([create('a'), frame('a', 1), frame('a', 2)]);
    backlog.clear();
    expect(backlog.snapshot()).toEqual([]);
    backlog.push([frame('a', 3)]);
    expect(backlog.snapshot()).toEqual([frame('a', 3)]);
  });

  it('keeps up with a million frames across a thousand connections', () => {
    const backlog = createBacklog({ maxEvents: 50_000, maxPayloadBytes: 64 * 1024 * 1024 });
    const ids = Array.from({ length: 1000 }, (_, i) => `c${i}`);
    const seqs = new Array<number>(1000).fill(0);
    backlog.push(ids.map(create));
    let state = 1;
    for (let sent = 0; sent < 1_000_000; sent += 1000) {
      const batch: FrameEvent[] = [];
      for (let k = 0; k < 1000; k++) {
        state = (state * 48271) % 2147483647;
        // Skewed: a few connections carry most of the traffic.
        const i = (state % 1000) % (1 + (state % 37) * 27);
        seqs[i] = (seqs[i] as number) + 1;
        batch.push(frame(ids[i] as string, seqs[i] as number, 'payload', k % 2 === 0 ? 'in' : 'out'));
      }
      backlog.push(batch);
    }
    const all = backlog.snapshot();
    expect(all).toHaveLength(50_000);
    expect(all.filter((e) => e.type === 'create')).toHaveLength(1000);
  });
});
