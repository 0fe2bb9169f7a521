import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse-parser';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Parses `chunks` (strings or raw bytes) and returns the events and the unfinished bytes. */
function parse(chunks: (string | number[])[], limit?: number): { events: SseEvent[]; unfinished: number } {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event), limit);
  for (const chunk of chunks) parser.push(typeof chunk === 'string' ? bytes(chunk) : new Uint8Array(chunk));
  return { events, unfinished: parser.end() };
}

/** Every way of cutting `text`'s bytes in two. */
function everySplit(text: string): number[][][] {
  const all = [...bytes(text)];
  return Array.from({ length: all.length + 1 }, (_, i) => [all.slice(0, i), all.slice(i)]);
}

describe('event stream parser', () => {
  it('reads fields, comments, multi-line data and the last event id as the HTML standard says', () => {
    const { events } = parse([': hello\nretry: 10\nevent: price\nid: 7\ndata: a\ndata:b\ndata\n\ndata: next\n\nid\ndata: x\n\n']);
    expect(events).toEqual([
      { type: 'price', data: 'a\nb\n', lastEventId: '7', size: 4, truncated: false },
      { type: 'message', data: 'next', lastEventId: '7', size: 4, truncated: false },
      { type: 'message', data: 'x', lastEventId: '', size: 1, truncated: false },
    ]);
  });

  it('gives the same events however the stream is cut, with CR, LF or CRLF line ends', () => {
    for (const eol of ['\n', '\r', '\r\n']) {
      const text = `event: a${eol}data: 1${eol}${eol}data: é€😀${eol}${eol}`;
      const whole = parse([text]).events;
      expect(whole.map((e) => e.data)).toEqual(['1', 'é€😀']);
      for (const split of everySplit(text)) expect(parse(split).events).toEqual(whole);
    }
  });

  it('drops a byte order mark at the start only, and ignores an id with NUL and events without data', () => {
    const { events } = parse(['\uFEFFdata: 1\n\nid: a\u0000b\nevent: x\n\ndata: \uFEFF2\n\n']);
    expect(events.map((e) => [e.data, e.lastEventId])).toEqual([
      ['1', ''],
      ['\uFEFF2', ''],
    ]);
  });

  it('decodes invalid UTF-8 as U+FFFD, and a character split across chunks whole', () => {
    const { events } = parse([[0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xff, 0xe2], [0x82, 0xac, 0x0a, 0x0a]]);
    expect(events[0]?.data).toBe('\uFFFD€');
  });

  it('discards an event the stream ends inside, and says how many bytes it had', () => {
    const { events, unfinished } = parse(['data: 1\n\nid: 3\ndata: {"n":3']);
    expect(events.map((e) => e.data)).toEqual(['1']);
    expect(unfinished).toBe('id: 3\ndata: {"n":3'.length);
  });

  it('keeps the head of a line over the limit, counts the rest, and goes on after it', () => {
    const { events } = parse(['data: ', 'x'.repeat(50), 'x'.repeat(50), '\n\ndata: ok\n\n'], 32);
    expect(events[0]).toMatchObject({ truncated: true, size: 100 });
    expect(events[0]?.data.length).toBeLessThanOrEqual(32);
    expect(events[1]).toMatchObject({ data: 'ok', truncated: false });
  });
});
