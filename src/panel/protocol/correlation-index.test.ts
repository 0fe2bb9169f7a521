import { describe, expect, it } from 'vitest';
import { createCorrelationIndex, MAX_LINKS_PER_MESSAGE } from './correlation-index';
import { formatLatency } from './latency';
import { MAX_PAYLOAD_TEXT_CHARS, payloadText } from './payload-text';

const request = (key: string) => ({ key, role: 'request' as const });
const response = (key: string) => ({ key, role: 'response' as const });

describe('correlation index', () => {
  it('pairs a response with the latest earlier request of its key, per connection', () => {
    const index = createCorrelationIndex();
    index.add('#0', 1, request('out:7'));
    index.add('#1', 2, request('out:7'));
    index.add('#0', 3, request('out:7'));
    index.add('#0', 4, response('out:7'));
    expect(index.linksOf(4)).toEqual([{ role: 'request', partner: 3 }]);
    expect(index.linksOf(3)).toEqual([{ role: 'response', partner: 4 }]);
    expect(index.linksOf(1)).toEqual([]);
    index.add('#1', 5, response('out:7'));
    expect(index.linksOf(5)).toEqual([{ role: 'request', partner: 2 }]);
  });

  it('keeps a bounded number of answers to one request (a stream of items)', () => {
    const index = createCorrelationIndex();
    index.add('#0', 0, request('out:invocation:1'));
    for (let id = 1; id <= 1000; id++) index.add('#0', id, response('out:invocation:1'));
    expect(index.linksOf(0)).toHaveLength(MAX_LINKS_PER_MESSAGE);
    expect(index.linksOf(1000)).toEqual([{ role: 'request', partner: 0 }]);
  });

  it('forgets the given messages’ open requests and links, and no other’s of their scope', () => {
    const index = createCorrelationIndex();
    index.add('#0', 1, request('k'));
    index.add('#0', 2, response('k'));
    index.add('session', 10, request('a'));
    index.add('session', 11, request('b'));
    index.forget([1, 2, 10]);
    expect(index.linksOf(1)).toEqual([]);
    index.add('#0', 3, response('k'));
    expect(index.linksOf(3)).toEqual([]);
    // Another transport of the session decoded anew leaves this one's requests open.
    index.add('session', 12, response('a'));
    index.add('session', 13, response('b'));
    expect(index.linksOf(12)).toEqual([]);
    expect(index.linksOf(13)).toEqual([{ role: 'request', partner: 11 }]);
  });

  it('pairs within a scope shared by several connections (a session’s transports)', () => {
    const index = createCorrelationIndex();
    index.add('socket.io //demo.test/socket.io/ abc', 1, request('out:ack:/chat:0'));
    index.add('#5', 2, response('out:ack:/chat:0'));
    index.add('socket.io //demo.test/socket.io/ abc', 3, response('out:ack:/chat:0'));
    expect(index.linksOf(3)).toEqual([{ role: 'request', partner: 1 }]);
    expect(index.linksOf(2)).toEqual([]);
  });
});

describe('details formatting', () => {
  it('says a latency in the unit that reads best', () => {
    expect(formatLatency(0.25)).toBe('250 µs');
    expect(formatLatency(3.456)).toBe('3.46 ms');
    expect(formatLatency(42.42)).toBe('42.4 ms');
    expect(formatLatency(2500)).toBe('2.50 s');
  });

  it('shows a decoded payload as bounded JSON text, whatever it is', () => {
    expect(payloadText({ a: [1, 'x'] })).toBe('{\n  "a": [\n    1,\n    "x"\n  ]\n}');
    expect(payloadText('plain')).toBe('plain');
    expect(payloadText('y'.repeat(MAX_PAYLOAD_TEXT_CHARS + 5))).toMatch(/… \(65,541 characters\)$/);
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(payloadText(deep)).toContain('too deeply nested');
  });
});
