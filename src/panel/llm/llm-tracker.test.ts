import { describe, expect, it } from 'vitest';
import { applyEvents } from '../store/apply-events';
import { create, frame, open, ORIGIN } from '../store/events.fixture';
import { clearStore, createStore, type Store } from '../store/store';
import { createLlmTracker, MAX_HELD_UNITS, SNIFF_FRAMES, type LlmTracker } from './llm-tracker';
import { MAX_TEXT_CHARS } from './stream-assembler';
import { streamTiming, type Stream } from './stream-assembler';
import { anthropic, openAiChat, responses, type SseFrame } from './streams.fixture';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

/** An SSE connection `conn` whose frames arrive at `startAt` + `step` ms apart, from seq `seq` on. */
function sse(conn: string, frames: readonly SseFrame[], { seq = 2, startAt = 100, step = 10 } = {}) {
  return frames.map(([event, data], i) =>
    frame(conn, seq + i, { event, data, size: data.length, lastEventId: '', time: T0 + startAt + i * step }),
  );
}

function setUp(): { store: Store; tracker: LlmTracker; ids: () => number[] } {
  const store = createStore();
  const tracker = createLlmTracker(store);
  const ids = () => {
    const out: number[] = [];
    store.log.forEachRetained((id) => out.push(id));
    return out;
  };
  return { store, tracker, ids };
}

const streamAt = (tracker: LlmTracker, id: number): Stream => {
  const found = tracker.streamOf(id);
  if (found?.kind !== 'stream') throw new Error(`no stream at ${id}`);
  return found.stream;
};

describe('LLM tracker', () => {
  it('assembles an OpenAI chat stream with its timing, finish reason, model and usage', () => {
    const { store, tracker, ids } = setUp();
    applyEvents(store, ORIGIN, [create('a', { kind: 'sse', url: 'https://x.test/v1/chat' }), open('a', 1)]);
    const frames = openAiChat(['The ', 'answer ', 'is ', '42.']);
    applyEvents(store, ORIGIN, sse('a', frames.slice(0, 3)));
    const first = ids()[1]!;
    const stream = streamAt(tracker, first);
    expect(stream.text.text()).toBe('The answer ');
    // Later frames, another batch: the same stream grows.
    applyEvents(store, ORIGIN, sse('a', frames.slice(3), { seq: 5, startAt: 200, step: 10 }));
    expect(stream.text.text()).toBe('The answer is 42.');
    expect(stream).toMatchObject({ format: 'openai-chat', model: 'gpt-4o-mini', finishReason: 'stop', ended: true, usage: { input: 9, output: 4, total: 13 } });
    expect(stream.stats.chunks).toBe(4);
    // Chunks at +110, +120, +200, +210; the request at T0.
    expect(streamTiming(stream)).toEqual({ timeToFirstToken: 110, chunksPerSecond: 30, streaming: 100 });
    expect(stream.stats.longestGap).toBe(80);
    const all = ids();
    expect(stream.stats.longestGapId).toBe(all[4]);
    expect(stream.text.pieces(0, stream.text.endAt(all[3]!)).join('')).toBe('The answer ');
    expect(tracker.streamOf(all[0]!)).toBeNull();
    expect(streamAt(tracker, all[all.length - 1]!)).toBe(stream);
  });

  it('tells responses apart on one connection, and measures a reconnection from its open', () => {
    const { store, tracker, ids } = setUp();
    applyEvents(store, ORIGIN, [create('a', { kind: 'sse' }), open('a', 1)]);
    const first = anthropic(['one']);
    applyEvents(store, ORIGIN, sse('a', first));
    const reopenSeq = 2 + first.length;
    applyEvents(store, ORIGIN, [open('a', reopenSeq, { time: T0 + 1000 }), ...sse('a', responses(['two']), { seq: reopenSeq + 1, startAt: 1050 })]);
    const all = ids();
    const a = streamAt(tracker, all[2]!);
    const b = streamAt(tracker, all[all.length - 1]!);
    expect(a).not.toBe(b);
    expect(a).toMatchObject({ format: 'anthropic', finishReason: 'end_turn', model: 'claude-sonnet-4-5', keepalives: 1, usage: { input: 25, output: 1 } });
    expect(b).toMatchObject({ format: 'openai-responses', finishReason: 'completed', requestMark: 'reconnection' });
    expect(b.text.text()).toBe('two');
    expect(streamTiming(b).timeToFirstToken).toBe(70);
    expect(tracker.streamOf(all.find((id) => store.log.get(id).kind === 'open' && store.log.get(id).seq === reopenSeq)!)).toBeNull();
  });

  it('counts invalid frames between valid chunks, flags holes, and ignores other SSE and WebSocket traffic', () => {
    const { store, tracker, ids } = setUp();
    applyEvents(store, ORIGIN, [create('a', { kind: 'sse' }), open('a', 1), create('w'), open('w', 1), frame('w', 2, { data: '{"delta":"ws"}' })]);
    applyEvents(store, ORIGIN, sse('a', [['message', '{"delta":"a"}'], ['message', '{"delta":'], ['message', 'not json']]));
    // seq 5 and 6 never arrive.
    applyEvents(store, ORIGIN, sse('a', [['message', '{"delta":"b"}']], { seq: 7 }));
    const all = ids();
    const stream = streamAt(tracker, all[all.length - 1]!);
    expect(stream.text.text()).toBe('ab');
    expect(stream.unread).toBe(2);
    expect(stream.holes).toBe(true);
    expect(tracker.streamOf(all[2]!)).toBeNull();
    expect(streamAt(tracker, all[4]!)).toBe(stream);

    applyEvents(store, ORIGIN, [create('p', { kind: 'sse' }), open('p', 1)]);
    applyEvents(store, ORIGIN, sse('p', Array.from({ length: SNIFF_FRAMES }, (): SseFrame => ['price', '{"price":1}'])));
    applyEvents(store, ORIGIN, sse('p', [['message', '{"delta":"late"}']], { seq: 2 + SNIFF_FRAMES }));
    expect(tracker.streamOf(ids()[ids().length - 1]!)).toBeNull();
  });

  it('keeps assembling a live stream across a Clear', () => {
    const { store, tracker, ids } = setUp();
    applyEvents(store, ORIGIN, [create('a', { kind: 'sse' }), open('a', 1), ...sse('a', [['message', '{"delta":"a"}']])]);
    clearStore(store);
    applyEvents(store, ORIGIN, sse('a', [['message', '{"delta":"b"}']], { seq: 3 }));
    expect(streamAt(tracker, ids()[0]!).text.text()).toBe('ab');
  });

  it('stays bounded and linear on a million chunks and on a 10 MB delta', () => {
    const { store, tracker, ids } = setUp();
    applyEvents(store, ORIGIN, [create('a', { kind: 'sse' }), open('a', 1)]);
    const started = performance.now();
    const chunk = '{"choices":[{"index":0,"delta":{"content":"tok "}}]}';
    for (let batch = 0; batch < 100; batch++) {
      const events = Array.from({ length: 10_000 }, (_, i) => frame('a', 2 + batch * 10_000 + i, { event: 'message', data: chunk, time: T0 + batch * 10_000 + i }));
      applyEvents(store, ORIGIN, events);
    }
    const elapsed = performance.now() - started;
    const all = ids();
    const stream = streamAt(tracker, all[all.length - 1]!);
    expect(stream.stats.chunks).toBe(1_000_000);
    expect(stream.text.length).toBe(500_000);
    expect(stream.text.dropped).toBe(4_000_000 - 500_000);
    expect(elapsed).toBeLessThan(20_000);

    const big = JSON.stringify({ delta: 'y'.repeat(10 * 1024 * 1024) });
    applyEvents(store, ORIGIN, [create('b', { kind: 'sse' }), open('b', 1), frame('b', 2, { event: 'message', data: big, size: big.length })]);
    const bigStream = streamAt(tracker, ids()[ids().length - 1]!);
    expect(bigStream.text.length).toBe(500_000);
    expect(bigStream.text.dropped).toBe(10 * 1024 * 1024 - 500_000);
  }, 60_000);

  it('forgets the oldest finished streams past its budget, and says so', () => {
    const { store, tracker, ids } = setUp();
    const streams = Math.ceil(MAX_HELD_UNITS / MAX_TEXT_CHARS) + 2;
    const long = JSON.stringify({ choices: [{ index: 0, delta: { content: 'x'.repeat(MAX_TEXT_CHARS) } }] });
    for (let i = 0; i < streams; i++) {
      const conn = `c${i}`;
      applyEvents(store, ORIGIN, [create(conn, { kind: 'sse' }), open(conn, 1), frame(conn, 2, { event: 'message', data: long }), frame(conn, 3, { event: 'message', data: '[DONE]' })]);
    }
    const all = ids();
    expect(tracker.streamOf(all[1]!)).toEqual({ kind: 'forgotten' });
    expect(streamAt(tracker, all[all.length - 1]!).text.length).toBe(MAX_TEXT_CHARS);
  });
});
