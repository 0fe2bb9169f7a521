import { describe, expect, it } from 'vitest';
import { createCaptureRules } from './capture-rules';

describe('capture rules', () => {
  it('captures streams by content type, whatever the URL', () => {
    const rules = createCaptureRules();
    expect(rules.captureOf('POST', 'https://a.test/v1/chat', 'text/event-stream; charset=utf-8', 0)).toMatchObject({ kind: 'stream', framing: 'sse' });
    expect(rules.captureOf('GET', 'https://a.test/x', 'application/x-ndjson', 0)).toMatchObject({ framing: 'ndjson' });
    expect(rules.captureOf('GET', 'https://a.test/x', 'Application/JSONL', 0)).toMatchObject({ framing: 'ndjson' });
    expect(rules.captureOf('GET', 'https://a.test/x', 'application/json-seq', 0)).toMatchObject({ framing: 'json-seq' });
    expect(rules.captureOf('GET', 'https://a.test/x', 'multipart/x-mixed-replace; boundary="frame b"', 0)).toMatchObject({
      framing: 'multipart',
      boundary: 'frame b',
    });
    expect(rules.captureOf('GET', 'https://a.test/x', 'text/event-streams', 0)).toBeNull();
    expect(rules.captureOf('GET', 'https://a.test/x', 'application/json', 0)).toBeNull();
  });

  it('groups a long-polling transport’s requests into one channel, whatever their session and cache buster', () => {
    const rules = createCaptureRules();
    const handshake = rules.captureOf('GET', 'https://a.test/socket.io/?EIO=4&transport=polling&t=abc', 'text/plain', 0);
    const poll = rules.captureOf('GET', 'https://a.test/socket.io/?EIO=4&transport=polling&t=def&sid=xyz', 'text/plain', 0);
    const send = rules.captureOf('POST', 'https://a.test/socket.io/?EIO=4&transport=polling&sid=xyz&t=ghi', 'text/html', 0);
    expect(handshake).toMatchObject({ kind: 'poll', framing: 'engine.io', engineIoVersion: 4 });
    expect(poll?.channelKey).toBe(handshake?.channelKey);
    expect(send?.channelKey).toBe(handshake?.channelKey);
    expect(rules.captureOf('GET', 'https://a.test/socket.io/?EIO=3&transport=polling', null, 0)).toMatchObject({ engineIoVersion: 3 });
    expect(rules.captureOf('POST', 'https://a.test/echo/123/abcd/xhr_send', null, 0)).toMatchObject({ framing: 'sockjs' });
    expect(rules.captureOf('GET', 'https://a.test/signalr/poll?transport=longPolling&connectionToken=1', null, 0)).toMatchObject({ framing: 'signalr' });
    expect(rules.captureOf('POST', 'https://a.test/cometd/meta/connect', null, 0)).toMatchObject({ framing: 'whole' });
  });

  it('finds a polled URL from its third request at a steady interval, not from requests at random times', () => {
    const rules = createCaptureRules();
    const at = (time: number, url = 'https://a.test/price?t=' + time) => rules.captureOf('GET', url, 'application/json', time);
    expect(at(0)).toBeNull();
    expect(at(1000)).toBeNull();
    expect(at(2010)).toMatchObject({ kind: 'poll', framing: 'whole', intervalMs: 1010 });
    expect(at(2500)).toMatchObject({ kind: 'poll' });
    for (const time of [0, 50, 900, 1000]) expect(rules.captureOf('GET', 'https://a.test/other', 'application/json', time)).toBeNull();
    // A long poll's cursor changes with every request of the one feed.
    const poll = (time: number, since: number) => rules.captureOf('GET', `https://a.test/updates?since=${since}&timeout=25000`, 'application/json', time);
    expect([poll(0, 0), poll(5, 1), poll(1005, 2), poll(2005, 3)].map((c) => c?.channelUrl ?? null)).toEqual([
      null,
      null,
      null,
      'https://a.test/updates?timeout=25000',
    ]);
    // POST to the same URL is another channel.
    expect(rules.captureOf('POST', 'https://a.test/price', 'application/json', 3000)).toBeNull();
  });

  it('captures what the user lists, `*` matching anything', () => {
    const rules = createCaptureRules();
    rules.setUserPatterns(['*api.test/feed*', 'updates.json']);
    const first = rules.captureOf('GET', 'https://api.test/feed?since=1', 'application/json', 0);
    expect(first).toMatchObject({ kind: 'poll', channelUrl: 'https://api.test/feed' });
    expect(rules.captureOf('GET', 'https://api.test/feed?since=2', 'application/json', 0)?.channelKey).toBe(first?.channelKey);
    expect(rules.captureOf('GET', 'https://b.test/v2/updates.json', 'application/json', 0)).toMatchObject({ kind: 'poll' });
    expect(rules.captureOf('GET', 'https://b.test/v2/updates-json', 'application/json', 0)).toBeNull();
    rules.setUserPatterns([]);
    expect(rules.captureOf('GET', 'https://api.test/feed?since=3', 'application/json', 0)).toBeNull();
  });
});
