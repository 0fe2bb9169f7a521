import { describe, expect, it } from 'vitest';
import { EVENT_HOOK_BATCH, MAX_PREHANDSHAKE_EVENTS } from '../shared/constants';
import { isHookBatch, validEvents } from '../shared/guards';
import type { HookEvent } from '../shared/protocol';
import { MAX_BATCH_EVENTS, MAX_BATCH_PAYLOAD, createEmitter } from './emitter';

const frame = (seq: number, data = 'x'): HookEvent => ({
  conn: 'tok.1', seq, time: 1, type: 'frame', dir: 'in', via: 'page', opcode: 'text', size: data.length, data, truncated: false,
});

function channel(): { target: EventTarget; batches: HookEvent[][] } {
  const target = new EventTarget();
  const batches: HookEvent[][] = [];
  target.addEventListener(EVENT_HOOK_BATCH, (event) => {
    const batch: unknown = JSON.parse((event as CustomEvent<string>).detail);
    if (!isHookBatch(batch)) throw new Error('not a batch');
    batches.push(validEvents(batch.events));
  });
  return { target, batches };
}

const seqs = (batches: HookEvent[][]): number[] => batches.flat().map((e) => e.seq);
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('emitter', () => {
  it('batches events and flushes them after a short delay', async () => {
    const { target, batches } = channel();
    const emitter = createEmitter();
    emitter.connect(target);
    emitter.emit(frame(0));
    emitter.emit(frame(1));
    expect(batches).toEqual([]);
    await tick();
    expect(batches.map((b) => b.length)).toEqual([2]);
  });

  it('flushes at once when a batch is full, by count or by payload', () => {
    const { target, batches } = channel();
    const emitter = createEmitter();
    emitter.connect(target);
    for (let seq = 0; seq < MAX_BATCH_EVENTS; seq++) emitter.emit(frame(seq));
    expect(batches.map((b) => b.length)).toEqual([MAX_BATCH_EVENTS]);

    const half = 'x'.repeat(MAX_BATCH_PAYLOAD / 2 + 1);
    emitter.emit(frame(MAX_BATCH_EVENTS, half));
    emitter.emit(frame(MAX_BATCH_EVENTS + 1, half));
    // The second would overflow the batch: the first leaves alone, the second waits.
    expect(batches.map((b) => b.length)).toEqual([MAX_BATCH_EVENTS, 1]);
  });

  it('keeps events until the channel opens, up to the limit, then delivers them in order', async () => {
    const { target, batches } = channel();
    const emitter = createEmitter();
    for (let seq = 0; seq < MAX_PREHANDSHAKE_EVENTS + 5; seq++) emitter.emit(frame(seq));
    emitter.connect(target);
    emitter.emit(frame(MAX_PREHANDSHAKE_EVENTS + 5));
    await tick();
    const delivered = seqs(batches);
    expect(delivered.length).toBe(MAX_PREHANDSHAKE_EVENTS + 1);
    expect(delivered.slice(0, 3)).toEqual([0, 1, 2]);
    expect(delivered.at(-1)).toBe(MAX_PREHANDSHAKE_EVENTS + 5);
    expect(batches.every((b) => b.length <= MAX_BATCH_EVENTS)).toBe(true);
  });

  it('drops everything once stopped: the relay is gone for good', async () => {
    const { target, batches } = channel();
    const emitter = createEmitter();
    emitter.connect(target);
    emitter.emit(frame(0));
    emitter.stop();
    emitter.emit(frame(1));
    await tick();
    expect(seqs(batches)).toEqual([]);
  });

  it('delivers at once while the page is hidden, without waiting for a timer', () => {
    const { target, batches } = channel();
    const emitter = createEmitter();
    emitter.connect(target);
    emitter.emit(frame(0));
    emitter.setHidden(true);
    expect(seqs(batches)).toEqual([0]);
    emitter.emit(frame(1));
    expect(seqs(batches)).toEqual([0, 1]);
    emitter.setHidden(false);
    emitter.emit(frame(2));
    expect(seqs(batches)).toEqual([0, 1]);
  });
});
