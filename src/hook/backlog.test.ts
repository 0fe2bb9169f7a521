import { describe, expect, it } from 'vitest';
import type { CloseEvent, CreateEvent, Direction, ErrorEvent, OpenEvent } from '../shared/protocol';
import { createBacklog, type Backlog, type BacklogLimits } from './backlog';
import type { HeldEvent, HeldFrame } from './held-event';

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

const frame = (conn: string, seq: number, data: string | Uint8Array = 'x', dir: Direction = 'in'): HeldFrame => ({
  type: 'frame',
  conn,
  seq,
  time: seq,
  dir,
  via: 'page',
  opcode: typeof data === 'string' ? 'text' : 'binary',
  size: data.length,
  data,
  truncated: false,
});

/** Every event costs 100, a frame its payload on top. */
const weigh = (event: HeldEvent): number =>
  100 + (event.type !== 'frame' ? 0 : typeof event.data === 'string' ? event.data.length : event.size);

const backlogOf = (limits: BacklogLimits): Backlog => createBacklog(limits, weigh);

const pushAll = (backlog: Backlog, events: readonly HeldEvent[]): void => {
  for (const event of events) backlog.push(event);
};

const seqsOf = (events: HeldEvent[], conn: string): number[] => events.filter((e) => e.conn === conn).map((e) => e.seq);

const weightOf = (events: HeldEvent[], conn?: string): number =>
  events.reduce((sum, e) => sum + (conn === undefined || e.conn === conn ? weigh(e) : 0), 0);

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('hook backlog', () => {
  it('replays everything, in arrival order across connections, while under its limits', () => {
    const backlog = backlogOf({ maxEvents: 100, maxBytes: 1e6 });
    const events = [create('a'), frame('a', 1), create('b'), frame('b', 1, 'y', 'out'), frame('a', 2), close('b', 2)];
    pushAll(backlog, events);
    expect(backlog.snapshot()).toEqual(events);
    expect(backlog.events).toBe(6);
    expect(backlog.bytes).toBe(weightOf(events));
  });

  it('drops the oldest frames first, by count', () => {
    const backlog = backlogOf({ maxEvents: 3, maxBytes: 1e9 });
    pushAll(backlog, [create('a'), ...range(1, 5).map((seq) => frame('a', seq))]);
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 4, 5]);
  });

  it('drops the oldest frames first, by bytes', () => {
    // 100 for the create, 110 per frame.
    const backlog = backlogOf({ maxEvents: 100, maxBytes: 400 });
    pushAll(backlog, [create('a'), frame('a', 1, 'x'.repeat(10)), frame('a', 2, 'x'.repeat(10)), frame('a', 3, 'x'.repeat(10))]);
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 2, 3]);
    expect(backlog.bytes).toBe(320);
  });

  it('keeps a quiet connection whole while a flood of another fills the budget', () => {
    const backlog = backlogOf({ maxEvents: 50_000, maxBytes: 1e12 });
    const quiet = [
      create('q'),
      open('q'),
      ...range(2, 11).map((seq) => frame('q', seq, `m${seq}`, seq % 2 === 0 ? 'out' : 'in')),
    ];
    pushAll(backlog, quiet);
    pushAll(backlog, [create('l'), open('l')]);
    for (let seq = 2; seq < 100_002; seq++) backlog.push(frame('l', seq));
    const all = backlog.snapshot();
    expect(all).toHaveLength(50_000);
    expect(all.filter((e) => e.conn === 'q')).toEqual(quiet);
    // 50,000 minus q's 12 events minus l's create and open.
    expect(seqsOf(all, 'l')).toEqual([0, 1, ...range(100_001 - 49_986 + 1, 100_001)]);
  });

  it('takes from the connection holding the most bytes, not the one with the most frames', () => {
    // chatty: 100 + 100 × 101 = 10,200 bytes, 9,999 of them evictable; bulky's frames weigh 10,100.
    const backlog = backlogOf({ maxEvents: 1000, maxBytes: 35_000 });
    const chatty = [create('chatty'), ...range(1, 100).map((seq) => frame('chatty', seq, 'c'))];
    pushAll(backlog, chatty);
    pushAll(backlog, [create('bulky'), ...range(1, 5).map((seq) => frame('bulky', seq, 'b'.repeat(10_000)))]);
    const all = backlog.snapshot();
    expect(all.filter((e) => e.conn === 'chatty')).toEqual(chatty);
    expect(seqsOf(all, 'bulky')).toEqual([0, 4, 5]);
  });

  it('once the heaviest has given up enough, takes from the next heaviest', () => {
    const backlog = backlogOf({ maxEvents: 1000, maxBytes: 2000 });
    pushAll(backlog, [create('a'), ...range(1, 20).map((seq) => frame('a', seq, 'a'.repeat(100)))]);
    pushAll(backlog, [create('b'), ...range(1, 20).map((seq) => frame('b', seq, 'b'.repeat(50)))]);
    const all = backlog.snapshot();
    expect(weightOf(all)).toBeLessThanOrEqual(2000);
    // Evictable bytes (beyond the create and the newest frame) end within one frame of each other.
    const evictable = (conn: string, newest: number): number => weightOf(all, conn) - 100 - newest;
    expect(Math.abs(evictable('a', 200) - evictable('b', 150))).toBeLessThanOrEqual(200);
    expect(seqsOf(all, 'a').at(-1)).toBe(20);
    expect(seqsOf(all, 'b').at(-1)).toBe(20);
  });

  it('shares the budget equally between two equally loud connections', () => {
    const backlog = backlogOf({ maxEvents: 1001, maxBytes: 1e9 });
    pushAll(backlog, [create('a'), create('b')]);
    for (let seq = 1; seq <= 10_000; seq++) pushAll(backlog, [frame('a', seq), frame('b', seq)]);
    const all = backlog.snapshot();
    const a = seqsOf(all, 'a').length;
    const b = seqsOf(all, 'b').length;
    expect(a + b).toBe(1001);
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
    expect(seqsOf(all, 'a').at(-1)).toBe(10_000);
    expect(seqsOf(all, 'b').at(-1)).toBe(10_000);
  });

  it('never gives up lifecycle events to make room for frames', () => {
    const backlog = backlogOf({ maxEvents: 20, maxBytes: 1e9 });
    const lifecycle = [create('sse'), open('sse'), error('sse', 2, true), open('sse', 3), error('sse', 4, true), open('sse', 5)];
    pushAll(backlog, lifecycle);
    pushAll(backlog, [create('ws'), open('ws'), ...range(2, 1000).map((seq) => frame('ws', seq)), close('ws', 1001)]);
    const all = backlog.snapshot();
    expect(all.filter((e) => e.conn === 'sse')).toEqual(lifecycle);
    // 20 minus the 6 of sse and the create, open and close of ws leaves 11 frames.
    expect(seqsOf(all, 'ws')).toEqual([0, 1, ...range(990, 1000), 1001]);
  });

  it("keeps each connection's newest frame in each direction, however old", () => {
    const backlog = backlogOf({ maxEvents: 10, maxBytes: 1e9 });
    pushAll(backlog, [create('a'), open('a'), frame('a', 2, 'hello', 'out')]);
    pushAll(backlog, range(3, 1002).map((seq) => frame('a', seq)));
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 1, 2, ...range(996, 1002)]);
  });

  it('lets a frame go once a newer one of its direction arrives', () => {
    const backlog = backlogOf({ maxEvents: 4, maxBytes: 1e9 });
    pushAll(backlog, [create('a'), frame('a', 1, 'x', 'out'), ...range(2, 5).map((seq) => frame('a', seq))]);
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 1, 4, 5]);
    backlog.push(frame('a', 6, 'x', 'out'));
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 4, 5, 6]);
  });

  it('stays bounded when a page opens connections in a loop, keeping the newest and dropping finished ones first', () => {
    const backlog = backlogOf({ maxEvents: 1000, maxBytes: 1e9 });
    pushAll(backlog, [create('live'), open('live')]);
    for (let i = 0; i < 200_000; i++) pushAll(backlog, [create(`c${i}`), open(`c${i}`), close(`c${i}`, 2)]);
    const all = backlog.snapshot();
    expect(all.length).toBeLessThanOrEqual(1000);
    expect(backlog.events).toBe(all.length);
    expect(seqsOf(all, 'live')).toEqual([0, 1]);
    const kept = [...new Set(all.map((e) => e.conn))].filter((conn) => conn !== 'live');
    expect(kept).toEqual(range(200_000 - kept.length, 199_999).map((i) => `c${i}`));
    expect(kept.length).toBe(Math.floor(998 / 3));
    for (const conn of kept) expect(seqsOf(all, conn)).toEqual([0, 1, 2]);
  });

  it('drops the oldest connections whole when none has finished', () => {
    const backlog = backlogOf({ maxEvents: 5, maxBytes: 1e9 });
    pushAll(backlog, Array.from({ length: 50 }, (_, i) => create(`c${i}`)));
    const creates = backlog.snapshot().filter((e) => e.type === 'create');
    expect(creates.map((e) => e.conn)).toEqual(['c45', 'c46', 'c47', 'c48', 'c49']);
  });

  it('counts an EventSource that stopped reconnecting as finished, not one that reconnects', () => {
    const backlog = backlogOf({ maxEvents: 6, maxBytes: 1e9 });
    pushAll(backlog, [create('gone'), open('gone'), error('gone', 2, false)]);
    pushAll(backlog, [create('retrying'), open('retrying'), error('retrying', 2, true)]);
    backlog.push(create('new'));
    const all = backlog.snapshot();
    expect(seqsOf(all, 'gone')).toEqual([]);
    expect(seqsOf(all, 'retrying')).toEqual([0, 1, 2]);
    expect(seqsOf(all, 'new')).toEqual([0]);
  });

  it('gives up newest frames, the heaviest first, only when they alone exceed the byte budget', () => {
    // Creates 300, frames 200 + 220 + 150.
    const backlog = backlogOf({ maxEvents: 100, maxBytes: 700 });
    pushAll(backlog, [create('a'), frame('a', 1, 'a'.repeat(100))]);
    pushAll(backlog, [create('b'), frame('b', 1, 'b'.repeat(120))]);
    pushAll(backlog, [create('c'), frame('c', 1, 'c'.repeat(50))]);
    const all = backlog.snapshot();
    expect(seqsOf(all, 'a')).toEqual([0, 1]);
    expect(seqsOf(all, 'b')).toEqual([0]);
    expect(seqsOf(all, 'c')).toEqual([0, 1]);
  });

  it('lets a frame heavier than the whole budget go at once, and nothing of the others for it', () => {
    const backlog = backlogOf({ maxEvents: 100, maxBytes: 1000 });
    pushAll(backlog, [create('quiet'), frame('quiet', 1, 'q', 'out'), frame('quiet', 2, 'q', 'out'), frame('quiet', 3), frame('quiet', 4)]);
    pushAll(backlog, [create('loud'), frame('loud', 1, 'l'.repeat(5000)), frame('loud', 2, 'end')]);
    const all = backlog.snapshot();
    expect(seqsOf(all, 'quiet')).toEqual([0, 1, 2, 3, 4]);
    expect(seqsOf(all, 'loud')).toEqual([0, 2]);
  });

  it('drops whole connections, finished ones first, once lifecycle events alone exceed the byte budget', () => {
    const backlog = backlogOf({ maxEvents: 100, maxBytes: 300 });
    pushAll(backlog, [create('a'), close('a', 1), create('b'), create('c')]);
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([]);
    // Its own newest frame goes before any connection does.
    backlog.push(frame('c', 1));
    const all = backlog.snapshot();
    expect(seqsOf(all, 'b')).toEqual([0]);
    expect(seqsOf(all, 'c')).toEqual([0]);
    expect(backlog.bytes).toBe(200);
  });

  it('weighs binary frames by their bytes and keeps them as they are', () => {
    const backlog = backlogOf({ maxEvents: 100, maxBytes: 1e6 });
    const bytes = new Uint8Array([1, 2, 3, 4]);
    pushAll(backlog, [create('a'), frame('a', 1, bytes)]);
    expect(backlog.bytes).toBe(204);
    expect((backlog.snapshot()[1] as HeldFrame).data).toBe(bytes);
  });

  it('applies new limits at once', () => {
    const backlog = backlogOf({ maxEvents: 100, maxBytes: 1e6 });
    pushAll(backlog, [create('a'), ...range(1, 10).map((seq) => frame('a', seq))]);
    backlog.setLimits({ maxEvents: 4, maxBytes: 1e6 });
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 8, 9, 10]);
    backlog.setLimits({ maxEvents: 4, maxBytes: 305 });
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 9, 10]);
    // Larger limits keep what is left, and let more in.
    backlog.setLimits({ maxEvents: 100, maxBytes: 1e6 });
    backlog.push(frame('a', 11));
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 9, 10, 11]);
  });

  it('keeps its guarantees over random traffic', () => {
    const backlog = backlogOf({ maxEvents: 200, maxBytes: 8000 });
    const pushed: HeldEvent[] = [];
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
      const batch: HeldEvent[] = [];
      for (let k = random(20); k >= 0; k--) {
        const conn = `c${random(8)}`;
        if (!seqs.has(conn)) batch.push({ ...create(conn), seq: next(conn) }, open(conn, next(conn)));
        else if (random(1000) === 0) batch.push(error(conn, next(conn), true), open(conn, next(conn)));
        else batch.push(frame(conn, next(conn), 'x'.repeat(random(30)), random(3) === 0 ? 'out' : 'in'));
      }
      pushed.push(...batch);
      pushAll(backlog, batch);
      const all = backlog.snapshot();
      expect(all.length).toBeLessThanOrEqual(200);
      expect(backlog.events).toBe(all.length);
      expect(weightOf(all)).toBeLessThanOrEqual(8000);
      expect(backlog.bytes).toBe(weightOf(all));
      let inOrder = 0;
      for (const event of pushed) if (all[inOrder] === event) inOrder += 1;
      expect(inOrder).toBe(all.length);
      const kept = new Set(all);
      const newest = new Map<string, HeldEvent>();
      const missing: HeldEvent[] = [];
      for (const event of pushed) {
        if (event.type === 'frame') newest.set(`${event.conn} ${event.dir}`, event);
        else if (!kept.has(event)) missing.push(event);
      }
      for (const event of newest.values()) if (!kept.has(event)) missing.push(event);
      expect(missing).toEqual([]);
    }
  });

  it('lets go of everything when cleared, and keeps working after', () => {
    const backlog = backlogOf({ maxEvents: 10, maxBytes: 1000 });
    pushAll(backlog, [create('a'), frame('a', 1), frame('a', 2)]);
    backlog.clear();
    expect(backlog.snapshot()).toEqual([]);
    expect(backlog.events).toBe(0);
    expect(backlog.bytes).toBe(0);
    backlog.push(frame('a', 3));
    expect(backlog.snapshot()).toEqual([frame('a', 3)]);
  });

  it('keeps up with a million frames across a thousand connections', () => {
    const backlog = backlogOf({ maxEvents: 50_000, maxBytes: 64 * 1024 * 1024 });
    const ids = Array.from({ length: 1000 }, (_, i) => `c${i}`);
    const seqs = new Array<number>(1000).fill(0);
    pushAll(backlog, ids.map(create));
    let state = 1;
    for (let k = 0; k < 1_000_000; k++) {
      state = (state * 48271) % 2147483647;
      // Skewed: a few connections carry most of the traffic.
      const i = (state % 1000) % (1 + (state % 37) * 27);
      seqs[i] = (seqs[i] as number) + 1;
      backlog.push(frame(ids[i] as string, seqs[i] as number, 'payload', k % 2 === 0 ? 'in' : 'out'));
    }
    const all = backlog.snapshot();
    expect(all).toHaveLength(50_000);
    expect(all.filter((e) => e.type === 'create')).toHaveLength(1000);
  });

  it('works, and lets the page see nothing, once the page has patched the built-ins it could reach', () => {
    const limits = { maxEvents: 30, maxBytes: 1e6 };
    const events: HeldEvent[] = [create('a'), open('a'), create('__proto__'), close('__proto__', 1)];
    for (let i = 0; i < 20; i++) events.push(create(`c${i}`));
    for (let seq = 2; seq < 80; seq++) events.push(frame('a', seq, 'x'.repeat(seq), seq % 3 === 0 ? 'out' : 'in'));
    events.push(error('c3', 1, false), frame('c5', 1, new Uint8Array(8)));
    // Every step a page could observe: eviction by count, whole connections, new limits, clear.
    const scenario = (backlog: Backlog): unknown[] => {
      const seen: unknown[] = [];
      for (let i = 0; i < events.length; i++) backlog.push(events[i] as HeldEvent);
      seen[seen.length] = backlog.snapshot();
      backlog.setLimits({ maxEvents: 30, maxBytes: 2500 });
      seen[seen.length] = backlog.snapshot();
      backlog.setLimits({ maxEvents: 3, maxBytes: 1e6 });
      seen[seen.length] = backlog.snapshot();
      seen[seen.length] = backlog.events;
      seen[seen.length] = backlog.bytes;
      backlog.clear();
      backlog.push(events[0] as HeldEvent);
      seen[seen.length] = backlog.snapshot();
      return seen;
    };
    const expected = scenario(createBacklog(limits, weigh));

    const backlog = createBacklog(limits, weigh);
    let calls = 0;
    const trap = (): never => {
      calls += 1;
      throw new Error('the page saw the backlog at work');
    };
    const patched: [object, PropertyKey][] = [
      [Array.prototype, 'push'],
      [Array.prototype, 'pop'],
      [Array.prototype, 'sort'],
      [Array.prototype, 'copyWithin'],
      [Array.prototype, 'map'],
      [Array.prototype, Symbol.iterator],
      [Map.prototype, 'get'],
      [Map.prototype, 'set'],
      [Map.prototype, Symbol.iterator],
      [Set.prototype, 'add'],
      [Set.prototype, Symbol.iterator],
      [Math, 'max'],
    ];
    // Names the backlog might read off a prototype if an object of its own lacked them.
    const lookedUp = ['reconnecting', 'dir', 'maxEvents', 'maxBytes', 'head', 'bytes', 'events', 'stale', 'next', 'done', 'value'];
    const saved = patched.map(([target, key]) => Object.getOwnPropertyDescriptor(target, key));
    // Loops by index (no iterator, no destructuring) and descriptors without a prototype: the
    // patches are in place as they run.
    const descriptor = (fields: PropertyDescriptor): PropertyDescriptor => Object.assign(Object.create(null) as PropertyDescriptor, fields);
    let seen: unknown[] | undefined;
    try {
      for (let i = 0; i < patched.length; i++) {
        const entry = patched[i] as [object, PropertyKey];
        Object.defineProperty(entry[0], entry[1], descriptor({ value: trap, configurable: true, writable: true }));
      }
      for (let i = 0; i < lookedUp.length; i++) {
        Object.defineProperty(Object.prototype, lookedUp[i] as string, descriptor({ get: trap, set: trap, configurable: true }));
      }
      seen = scenario(backlog);
    } finally {
      for (let i = 0; i < lookedUp.length; i++) delete (Object.prototype as Record<string, unknown>)[lookedUp[i] as string];
      for (let i = 0; i < patched.length; i++) {
        const entry = patched[i] as [object, PropertyKey];
        Object.defineProperty(entry[0], entry[1], saved[i] as PropertyDescriptor);
      }
    }
    expect(calls).toBe(0);
    expect(seen).toEqual(expected);
  });
});
