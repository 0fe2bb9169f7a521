import { describe, expect, it } from 'vitest';
import type { CreateEvent, FrameEvent, HookEvent } from '../shared/protocol';
import { createBacklog } from './backlog';

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

const frame = (conn: string, seq: number, data = 'x'): FrameEvent => ({
  type: 'frame',
  conn,
  seq,
  time: seq,
  dir: 'in',
  via: 'page',
  opcode: 'text',
  size: data.length,
  data,
  truncated: false,
});

const seqsOf = (events: HookEvent[], conn: string): number[] =>
  events.filter((e) => e.conn === conn).map((e) => e.seq);

describe('backlog', () => {
  it('replays everything, in order, while under its limits', () => {
    const backlog = createBacklog({ maxEvents: 100, maxPayloadBytes: 1000 });
    backlog.push([create('a'), frame('a', 1), create('b'), frame('b', 1), frame('a', 2)]);
    const all = backlog.snapshot();
    expect(seqsOf(all, 'a')).toEqual([0, 1, 2]);
    expect(seqsOf(all, 'b')).toEqual([0, 1]);
  });

  it('drops the oldest events first, by count', () => {
    const backlog = createBacklog({ maxEvents: 3, maxPayloadBytes: 1e9 });
    backlog.push([create('a'), ...[1, 2, 3, 4, 5].map((seq) => frame('a', seq))]);
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 3, 4, 5]);
  });

  it('drops the oldest events first, by payload bytes', () => {
    const backlog = createBacklog({ maxEvents: 100, maxPayloadBytes: 25 });
    backlog.push([create('a'), frame('a', 1, 'x'.repeat(10)), frame('a', 2, 'x'.repeat(10)), frame('a', 3, 'x'.repeat(10))]);
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 2, 3]);
  });

  it("keeps each connection's create and latest event, so every loss is a visible seq gap", () => {
    const backlog = createBacklog({ maxEvents: 3, maxPayloadBytes: 1e9 });
    backlog.push([create('quiet'), frame('quiet', 1), frame('quiet', 2)]);
    backlog.push([create('busy'), ...[1, 2, 3, 4, 5, 6].map((seq) => frame('busy', seq))]);
    const all = backlog.snapshot();
    expect(seqsOf(all, 'quiet')).toEqual([0, 2]);
    expect(seqsOf(all, 'busy')).toEqual([0, 4, 5, 6]);
  });

  it('forgets the latest kept event once a newer one of that connection arrives', () => {
    const backlog = createBacklog({ maxEvents: 2, maxPayloadBytes: 1e9 });
    backlog.push([create('a'), frame('a', 1), create('b'), frame('b', 1), frame('b', 2)]);
    backlog.push([frame('a', 2)]);
    expect(seqsOf(backlog.snapshot(), 'a')).toEqual([0, 2]);
  });

  it('bounds the number of connections it remembers', () => {
    const backlog = createBacklog({ maxEvents: 5, maxPayloadBytes: 1e9 });
    backlog.push(Array.from({ length: 50 }, (_, i) => create(`c${i}`)));
    const creates = backlog.snapshot().filter((e) => e.type === 'create');
    expect(creates.map((e) => e.conn)).toEqual(['c45', 'c46', 'c47', 'c48', 'c49']);
  });

  it('lets go of everything when cleared, and keeps working after', () => {
    const backlog = createBacklog({ maxEvents: 10, maxPayloadBytes: 1000 });
    backlog.push([create('a'), frame('a', 1), frame('a', 2)]);
    backlog.clear();
    expect(backlog.snapshot()).toEqual([]);
    backlog.push([frame('a', 3)]);
    expect(backlog.snapshot()).toEqual([frame('a', 3)]);
  });
});
