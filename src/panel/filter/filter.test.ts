import { describe, expect, it } from 'vitest';
import { logEntry } from '../store/events.fixture';
import { createMessageLog, type LogEntry } from '../store/message-log';
import { buildMessageFilter, filterSummary, isFilterActive, NO_FILTER, type ConnectionFacts, type ExtraText, type FilterSpec, type HeartbeatTest } from './filter';

const entry = (over: Partial<LogEntry>): LogEntry => logEntry({ time: 1, size: 1, data: '', ...over });

function sampleLog() {
  const log = createMessageLog({ maxMessages: 100, maxBytes: Infinity });
  log.append(entry({ kind: 'open', dir: null, data: 'Connection open' })); // 0
  log.append(entry({ dir: 'out', data: '{"type":"Subscribe","channel":"ACME"}' })); // 1
  log.append(entry({ data: '{"type":"tick","price":12.5}' })); // 2
  log.append(entry({ opcode: 'binary', data: btoa('tick') })); // 3
  log.append(entry({ data: 'hello', event: 'price' })); // 4
  log.append(entry({ kind: 'close', dir: null, data: 'Connection closed by server · code 1006' })); // 5
  return log;
}

function matching(spec: Partial<FilterSpec>, extras: ExtraText[] = [], isHeartbeat: HeartbeatTest | null = null): number[] | 'all' {
  const log = sampleLog();
  const predicate = buildMessageFilter(log, { ...NO_FILTER, ...spec }, extras, isHeartbeat);
  if (predicate === null) return 'all';
  const ids: number[] = [];
  for (let id = log.firstId; id < log.endId; id++) if (predicate(id)) ids.push(id);
  return ids;
}

describe('message filter', () => {
  it('keeps everything without a filter, and builds no predicate for it', () => {
    expect(matching({})).toBe('all');
    expect(matching({ invert: true })).toBe('all');
  });

  it('finds text in text payloads, lifecycle rows and SSE event types, never in base64', () => {
    expect(matching({ text: 'tick' })).toEqual([2]);
    expect(matching({ text: 'subscribe' })).toEqual([1]);
    expect(matching({ text: '1006' })).toEqual([5]);
    expect(matching({ text: 'PRICE' })).toEqual([2, 4]);
    expect(matching({ text: '/"price":\\d+\\.5/' })).toEqual([2]);
  });

  it('filters by direction and by type', () => {
    expect(matching({ direction: 'out' })).toEqual([1]);
    expect(matching({ direction: 'in' })).toEqual([2, 3, 4]);
    expect(matching({ type: 'binary' })).toEqual([3]);
    expect(matching({ type: 'text' })).toEqual([1, 2, 4]);
    expect(matching({ type: 'lifecycle' })).toEqual([0, 5]);
    expect(matching({ type: 'text', direction: 'in', text: 'tick' })).toEqual([2]);
  });

  it('keeps gap rows with the lifecycle rows, and finds their text', () => {
    const log = sampleLog();
    const gap = log.append(entry({ kind: 'gap', dir: null, data: '2 messages lost here (seq 7–8)' }));
    const kept = (spec: Partial<FilterSpec>): boolean => buildMessageFilter(log, { ...NO_FILTER, ...spec })!(gap);
    expect([kept({ type: 'lifecycle' }), kept({ text: 'lost' }), kept({ type: 'text' }), kept({ direction: 'in' })]).toEqual([true, true, false, false]);
  });

  it('inverts the text match, within the direction and type chosen', () => {
    expect(matching({ text: 'connection', invert: true })).toEqual([1, 2, 3, 4]);
    expect(matching({ text: 'tick', invert: true, type: 'text' })).toEqual([1, 4]);
  });

  it('ignores an invalid regex and keeps the other criteria', () => {
    expect(matching({ text: '/(/' })).toBe('all');
    expect(matching({ text: '/(/', type: 'lifecycle' })).toEqual([0, 5]);
  });

  it('searches extra text, such as a decoded summary of a binary frame', () => {
    const decoded: ExtraText = (id) => (id === 3 ? 'MQTT PUBLISH sensors/1' : undefined);
    expect(matching({ text: 'publish' }, [decoded])).toEqual([3]);
  });

  it('hides heartbeats when asked, and asks only about what the other criteria kept', () => {
    const asked: number[] = [];
    const heartbeat: HeartbeatTest = (id) => {
      asked.push(id);
      return id === 2 || id === 3;
    };
    expect(matching({}, [], heartbeat)).toBe('all');
    expect(matching({ hideHeartbeats: true }, [], heartbeat)).toEqual([0, 1, 4, 5]);
    asked.length = 0;
    expect(matching({ hideHeartbeats: true, direction: 'in', text: 'tick' }, [], heartbeat)).toEqual([]);
    expect(asked).toEqual([2]);
    expect(matching({ hideHeartbeats: true, text: 'tick', invert: true }, [], heartbeat)).toEqual([0, 1, 4, 5]);
  });

  it('counts Hide heartbeats as a filter, which keeps everything while nothing tells heartbeats', () => {
    expect(isFilterActive({ ...NO_FILTER, hideHeartbeats: true })).toBe(true);
    expect(isFilterActive(NO_FILTER)).toBe(false);
    expect(matching({ hideHeartbeats: true })).toBe('all');
    expect(matching({ hideHeartbeats: true, type: 'binary' })).toEqual([3]);
  });
});

describe('query terms', () => {
  /** Two connections: 0 is /ws/echo, 1 is /ws/ticks; sizes 10, 100, 1000, 5000 on the echo. */
  function termLog() {
    const log = createMessageLog({ maxMessages: 100, maxBytes: Infinity });
    log.append(entry({ kind: 'open', dir: null, data: 'Connection open' })); // 0
    log.append(entry({ dir: 'out', size: 10, data: 'hello ping' })); // 1
    log.append(entry({ dir: 'in', size: 100, data: 'hello pong' })); // 2
    log.append(entry({ dir: 'out', size: 1000, opcode: 'binary', data: btoa('x') })); // 3
    log.append(entry({ dir: 'in', size: 5000, data: 'hello world', event: 'price' })); // 4
    log.append(entry({ connIndex: 1, dir: 'in', size: 50, data: '{"type":"tick"}' })); // 5
    log.append(entry({ connIndex: 1, kind: 'close', dir: null, data: 'Connection closed' })); // 6
    return log;
  }
  const urls: ConnectionFacts = (connIndex) => {
    const url = ['ws://localhost/ws/echo', 'ws://LOCALHOST/ws/Ticks'][connIndex];
    return url === undefined ? undefined : { url };
  };

  function kept(text: string, over: Partial<FilterSpec> = {}, factsOf: ConnectionFacts | null = urls): number[] | 'all' {
    const log = termLog();
    const predicate = buildMessageFilter(log, { ...NO_FILTER, ...over, text }, [], null, factsOf);
    if (predicate === null) return 'all';
    const ids: number[] = [];
    for (let id = log.firstId; id < log.endId; id++) if (predicate(id)) ids.push(id);
    return ids;
  }

  it('filters by direction, type and SSE event type', () => {
    expect(kept('dir:out')).toEqual([1, 3]);
    expect(kept('dir:received')).toEqual([2, 4, 5]);
    expect(kept('type:binary')).toEqual([3]);
    expect(kept('type:lifecycle')).toEqual([0, 6]);
    expect(kept('event:price')).toEqual([4]);
    expect(kept('event:pri')).toEqual([]);
  });

  it('filters frames by size, in bytes with k and m', () => {
    expect(kept('size>50')).toEqual([2, 3, 4]);
    expect(kept('size<100')).toEqual([1, 5]);
    expect(kept('size>=1k')).toEqual([3, 4]);
    expect(kept('size<=0.1k size>=10')).toEqual([1, 2, 5]);
    expect(kept('size>1m')).toEqual([]);
  });

  it('filters by connection URL, case-insensitively, several conn: as alternatives', () => {
    expect(kept('conn:/ticks')).toEqual([5, 6]);
    expect(kept('conn:/ECHO')).toEqual([0, 1, 2, 3, 4]);
    expect(kept('conn:/ticks conn:/echo')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(kept('-conn:/ticks')).toEqual([0, 1, 2, 3, 4]);
    expect(kept('conn:localhost -conn:echo')).toEqual([5, 6]);
    expect(kept('conn:/ticks', {}, null)).toEqual([]);
  });

  it('asks for each connection URL once', () => {
    const asked: number[] = [];
    const counting: ConnectionFacts = (connIndex) => {
      asked.push(connIndex);
      return urls(connIndex);
    };
    expect(kept('conn:echo', {}, counting)).toEqual([0, 1, 2, 3, 4]);
    expect(asked).toEqual([0, 1]);
  });

  it('negates terms and words, and ANDs everything', () => {
    expect(kept('-dir:in')).toEqual([0, 1, 3, 6]);
    expect(kept('-dir:in hello')).toEqual([1]);
    expect(kept('-ping hello')).toEqual([2, 4]);
    expect(kept('hello -size>1k -event:price')).toEqual([1, 2]);
    expect(kept('-type:lifecycle -type:binary')).toEqual([1, 2, 4, 5]);
    expect(kept('dir:out dir:in')).toEqual([]);
  });

  it('mixes terms with the pickers, and inverts only the plain text', () => {
    expect(kept('hello', { direction: 'in' })).toEqual([2, 4]);
    expect(kept('size>50', { type: 'text' })).toEqual([2, 4]);
    expect(kept('hello dir:in', { invert: true })).toEqual([5]);
    expect(kept('-hello', { invert: true })).toEqual([0, 3, 5, 6]);
    expect(kept('/^hello p[io]ng$/ dir:in')).toEqual([2]);
  });

  it('materializes no message, sizes included', () => {
    const log = termLog();
    const watched = { ...log, get: (): never => expect.unreachable('get') };
    const predicate = buildMessageFilter(watched, { ...NO_FILTER, text: 'size>50 dir:out hello -conn:ticks' }, [], null, urls);
    expect([0, 1, 2, 3, 4, 5, 6].filter((id) => predicate!(id))).toEqual([]);
    expect(buildMessageFilter(watched, { ...NO_FILTER, text: 'size>50' })!(3)).toBe(true);
  });

  it('filters nothing on a malformed query, keeping the pickers', () => {
    expect(kept('size>abc')).toBe('all');
    expect(kept('dir:out size>abc')).toBe('all');
    expect(kept('size>abc', { type: 'lifecycle' })).toEqual([0, 6]);
    expect(kept(Array.from({ length: 10_000 }, () => 'dir:out').join(' '))).toBe('all');
  });

  it('keeps plain text and regexes as they were', () => {
    expect(kept('hello p')).toEqual([1, 2]);
    expect(kept('foo:bar')).toEqual([]);
    expect(kept('"type":"tick"')).toEqual([5]);
  });
});

describe('filter summary', () => {
  it('says how many of how many', () => {
    expect(filterSummary(1_204, 1_204, false)).toBe('1,204 messages');
    expect(filterSummary(12, 1_000_000, true)).toBe('12 of 1,000,000 messages');
    expect(filterSummary(1, 1, false)).toBe('1 message');
  });
});
