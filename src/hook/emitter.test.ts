import { describe, expect, it } from 'vitest';
import { EVENT_HOOK_ACTIVE, EVENT_HOOK_BATCH, HOOK_BUSY_FLUSH_DELAY_MS } from '../shared/constants';
import { eventsOfBatch } from '../shared/guards';
import type { HookEvent } from '../shared/protocol';
import { MAX_BATCH_EVENTS, MAX_BATCH_PAYLOAD, createEmitter } from './emitter';
import type { HeldEvent } from './held-event';

const frame = (seq: number, data: string | Uint8Array | Blob = 'x'): HeldEvent => ({
  conn: 'tok.1', seq, time: 1, type: 'frame', dir: 'in', via: 'page', opcode: typeof data === 'string' ? 'text' : 'binary', size: data instanceof Blob ? data.size : data.length, data, truncated: false,
});

function channel(): { target: EventTarget; batches: HookEvent[][]; signals: number } {
  const target = new EventTarget();
  const tap = { target, batches: [] as HookEvent[][], signals: 0 };
  target.addEventListener(EVENT_HOOK_BATCH, (event) => {
    tap.batches.push(eventsOfBatch((event as CustomEvent<string>).detail));
  });
  target.addEventListener(EVENT_HOOK_ACTIVE, () => (tap.signals += 1));
  return tap;
}

const seqs = (batches: HookEvent[][]): number[] => batches.flat().map((e) => e.seq);
const tick = (ms = HOOK_BUSY_FLUSH_DELAY_MS + 10): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function attached() {
  const tap = channel();
  const emitter = createEmitter();
  emitter.connect(tap.target);
  emitter.control({ op: 'attach', replay: true });
  return { tap, emitter };
}

describe('emitter', () => {
  it('serializes and sends nothing while no panel reads, and says once that there is traffic', async () => {
    const tap = channel();
    const emitter = createEmitter();
    emitter.connect(tap.target);
    for (let seq = 0; seq < 3000; seq++) emitter.emit(frame(seq));
    await tick();
    expect(tap.batches).toEqual([]);
    expect(tap.signals).toBe(1);
  });

  it('says there is traffic when the channel opens after the first events', () => {
    const tap = channel();
    const emitter = createEmitter();
    emitter.emit(frame(0));
    emitter.connect(tap.target);
    expect(tap.signals).toBe(1);
  });

  it('hands a panel that attaches everything kept, in order, then live events', async () => {
    const tap = channel();
    const emitter = createEmitter();
    emitter.connect(tap.target);
    for (let seq = 0; seq < 5; seq++) emitter.emit(frame(seq));
    emitter.control({ op: 'attach', replay: true });
    emitter.emit(frame(5));
    await tick();
    expect(seqs(tap.batches)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('batches live events and sends them after a short delay', async () => {
    const { tap, emitter } = attached();
    emitter.emit(frame(0));
    emitter.emit(frame(1));
    expect(tap.batches).toEqual([]);
    await tick();
    expect(tap.batches.map((b) => b.length)).toEqual([2]);
  });

  it('sends a full batch at once, by count or by payload', () => {
    const { tap, emitter } = attached();
    for (let seq = 0; seq < MAX_BATCH_EVENTS; seq++) emitter.emit(frame(seq));
    expect(tap.batches.map((b) => b.length)).toEqual([MAX_BATCH_EVENTS]);

    const half = 'x'.repeat(MAX_BATCH_PAYLOAD / 2 + 1);
    emitter.emit(frame(MAX_BATCH_EVENTS, half));
    emitter.emit(frame(MAX_BATCH_EVENTS + 1, half));
    // Together they are over: the first leaves alone, the second waits.
    expect(tap.batches.map((b) => b.length)).toEqual([MAX_BATCH_EVENTS, 1]);
  });

  it('hands over a large backlog outside the control’s dispatch, whole and in order', async () => {
    const tap = channel();
    const emitter = createEmitter();
    emitter.connect(tap.target);
    const count = 40_000;
    for (let seq = 0; seq < count; seq++) emitter.emit(frame(seq, 'x'.repeat(32)));
    emitter.control({ op: 'attach', replay: true });
    // Nothing is serialized inside the control's dispatch: the relay and the page go on at once.
    expect(tap.batches).toEqual([]);
    while (seqs(tap.batches).length < count) await tick(1);
    expect(seqs(tap.batches)).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(tap.batches.every((b) => b.length <= MAX_BATCH_EVENTS)).toBe(true);
  });

  it('encodes binary payloads as base64 when it sends them', async () => {
    const { tap, emitter } = attached();
    emitter.emit(frame(0, new Uint8Array([0, 255, 62])));
    await tick();
    expect(tap.batches.flat()).toMatchObject([{ opcode: 'binary', data: 'AP8+' }]);
  });

  it('reads a Blob frame only when it is next to go, and sends the frames after it behind it', async () => {
    const { tap, emitter } = attached();
    emitter.emit(frame(0, new Blob(['ab'])));
    emitter.emit(frame(1));
    await tick();
    // Node has no FileReader, so the Blob reads as unreadable there: its size stays, marked truncated.
    expect(tap.batches.flat()).toMatchObject([
      { seq: 0, opcode: 'binary', size: 2, data: '', truncated: true },
      { seq: 1, data: 'x' },
    ]);
  });

  it('stops sending when the panel leaves, and sends everything again to the next one', async () => {
    const { tap, emitter } = attached();
    emitter.emit(frame(0));
    await tick();
    emitter.control({ op: 'detach' });
    emitter.emit(frame(1));
    await tick();
    expect(seqs(tap.batches)).toEqual([0]);
    emitter.control({ op: 'attach', replay: true });
    await tick();
    expect(seqs(tap.batches)).toEqual([0, 0, 1]);
  });

  it('applies a new budget to what it keeps at once', async () => {
    const tap = channel();
    const emitter = createEmitter();
    emitter.connect(tap.target);
    const payload = 'x'.repeat(100_000);
    for (let seq = 0; seq < 100; seq++) emitter.emit(frame(seq, payload));
    emitter.control({ op: 'budget', maxBytes: 1024 * 1024 });
    emitter.control({ op: 'attach', replay: true });
    await tick();
    const kept = seqs(tap.batches);
    // About a megabyte of 100 KB frames, the newest always among them.
    expect(kept.length).toBeGreaterThanOrEqual(8);
    expect(kept.length).toBeLessThanOrEqual(11);
    expect(kept.at(-1)).toBe(99);
  });

  it('keeps and sends nothing once stopped: the relay is gone for good', async () => {
    const { tap, emitter } = attached();
    emitter.emit(frame(0));
    emitter.stop();
    emitter.emit(frame(1));
    emitter.control({ op: 'attach', replay: true });
    await tick();
    expect(seqs(tap.batches)).toEqual([]);
  });

  it('sends at once while the page is hidden, without waiting for a timer', () => {
    const { tap, emitter } = attached();
    emitter.emit(frame(0));
    emitter.setHidden(true);
    expect(seqs(tap.batches)).toEqual([0]);
    emitter.emit(frame(1));
    expect(seqs(tap.batches)).toEqual([0, 1]);
    emitter.setHidden(false);
    emitter.emit(frame(2));
    expect(seqs(tap.batches)).toEqual([0, 1]);
  });
});
