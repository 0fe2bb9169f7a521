import { describe, expect, it } from 'vitest';
import { logEntry } from '../store/events.fixture';
import { createMessageLog, type LogEntry } from '../store/message-log';
import { buildMessageFilter, filterSummary, isFilterActive, NO_FILTER, parseTextQuery, type ExtraText, type FilterSpec, type HeartbeatTest } from './filter';

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

describe('text query', () => {
  it('is case-insensitive text, with regex characters taken literally', () => {
    const query = parseTextQuery('a.b(');
    expect(query.kind).toBe('match');
    if (query.kind !== 'match') return;
    expect(query.pattern.test('A.B(')).toBe(true);
    expect(query.pattern.test('axb(')).toBe(false);
  });

  it('is a regex between slashes, without the flags that make matching stateful', () => {
    const query = parseTextQuery('/^ti.k$/gi');
    expect(query).toMatchObject({ kind: 'match' });
    if (query.kind !== 'match') return;
    expect(query.pattern.flags).toBe('i');
    expect([query.pattern.test('TICK'), query.pattern.test('TICK')]).toEqual([true, true]);
  });

  it('takes a path with slashes as text, and reports an invalid regex instead of throwing', () => {
    expect(parseTextQuery('/ws/echo')).toMatchObject({ kind: 'match', pattern: /\/ws\/echo/i });
    expect(parseTextQuery('/(unclosed/')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Invalid regular expression') });
    expect(parseTextQuery('')).toEqual({ kind: 'none' });
  });
});

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

describe('filter summary', () => {
  it('says how many of how many', () => {
    expect(filterSummary(1_204, 1_204, false)).toBe('1,204 messages');
    expect(filterSummary(12, 1_000_000, true)).toBe('12 of 1,000,000 messages');
    expect(filterSummary(1, 1, false)).toBe('1 message');
  });
});
