import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createPacedIngest,
  FLOOD_AFTER_MS,
  FLOOD_INTERVAL_MS,
  FLOOD_RATE,
  INGEST_INTERVAL_MS,
  MAX_QUEUED_EVENTS,
  MAX_QUEUED_PAYLOAD,
  RATE_WINDOW_MS,
  type Weight,
} from './paced-ingest';

/** A test message is a number of events, carrying no payload. */
const eventsOnly = (events: number): Weight => ({ events, payload: 0 });

/** Each apply records the messages it got together. */
function rig(weigh = eventsOnly) {
  const applied: number[][] = [];
  let current: number[] | null = null;
  const ingest = createPacedIngest(
    (events: number) => {
      if (!current) {
        current = [];
        applied.push(current);
        queueMicrotask(() => (current = null));
      }
      current.push(events);
    },
    weigh,
  );
  return { ingest, applied, settle: () => vi.advanceTimersByTimeAsync(0) };
}

describe('paced ingest', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('applies the first message after a quiet spell at once', async () => {
    const { ingest, applied, settle } = rig();
    ingest.push(1);
    await settle();
    expect(applied).toEqual([[1]]);
  });

  it('gathers what arrives within the interval into one update', async () => {
    const { ingest, applied, settle } = rig();
    ingest.push(1);
    await settle();
    ingest.push(2);
    ingest.push(3);
    await vi.advanceTimersByTimeAsync(INGEST_INTERVAL_MS - 1);
    expect(applied).toEqual([[1]]);
    await vi.advanceTimersByTimeAsync(1);
    expect(applied).toEqual([[1], [2, 3]]);
    await settle();
  });

  it('slows to the flood pace while more than FLOOD_RATE events a second arrive, and speeds up once they stop', async () => {
    const appliedAt: number[] = [];
    const ingest = createPacedIngest(
      () => {
        if (appliedAt.at(-1) !== performance.now()) appliedAt.push(performance.now());
      },
      eventsOnly,
    );
    /** Pushes `perSecond` events a second, every 10 ms, for `ms`; the gaps between the updates meanwhile. */
    const stream = async (perSecond: number, ms: number): Promise<number[]> => {
      const from = appliedAt.length;
      for (let t = 0; t < ms; t += 10) {
        ingest.push(perSecond / 100);
        await vi.advanceTimersByTimeAsync(10);
      }
      return appliedAt.slice(from).map((time, i, all) => (i === 0 ? Number.NaN : time - all[i - 1]!)).slice(1);
    };
    const flood = await stream(FLOOD_RATE * 2, FLOOD_AFTER_MS + 4 * RATE_WINDOW_MS);
    expect(flood.slice(-3)).toEqual([FLOOD_INTERVAL_MS, FLOOD_INTERVAL_MS, FLOOD_INTERVAL_MS]);
    const trickle = await stream(FLOOD_RATE / 2, 2 * RATE_WINDOW_MS + FLOOD_INTERVAL_MS);
    expect(trickle.slice(-3)).toEqual([INGEST_INTERVAL_MS, INGEST_INTERVAL_MS, INGEST_INTERVAL_MS]);
    // A burst shorter than FLOOD_AFTER_MS (a stall somewhere upstream, caught up) changes nothing.
    const burst = await stream(FLOOD_RATE * 4, FLOOD_AFTER_MS / 2);
    expect(burst.every((gap) => gap === INGEST_INTERVAL_MS)).toBe(true);
  });

  it('keeps the quick pace for a steady stream below FLOOD_RATE, bursts and all', async () => {
    const { ingest, applied } = rig();
    // 1,000 events a second, arriving as bursts of 100 every 100 ms.
    for (let t = 0; t < 3 * RATE_WINDOW_MS; t += 100) {
      ingest.push(100);
      await vi.advanceTimersByTimeAsync(INGEST_INTERVAL_MS);
      expect(applied.at(-1)).toEqual([100]);
      await vi.advanceTimersByTimeAsync(100 - INGEST_INTERVAL_MS);
    }
  });

  it('applies at once when the queue is full, whatever the timer', async () => {
    const { ingest, applied, settle } = rig();
    ingest.push(1);
    await settle();
    ingest.push(MAX_QUEUED_EVENTS - 1);
    expect(applied).toEqual([[1]]);
    ingest.push(1);
    expect(applied).toEqual([[1], [MAX_QUEUED_EVENTS - 1, 1]]);
  });

  it('applies at once when the queued payload is large, whatever the timer', async () => {
    // Here a message is one event carrying that many payload characters.
    const { ingest, applied, settle } = rig((payload) => ({ events: 1, payload }));
    ingest.push(1);
    await settle();
    ingest.push(MAX_QUEUED_PAYLOAD / 2);
    expect(applied).toHaveLength(1);
    ingest.push(MAX_QUEUED_PAYLOAD / 2);
    expect(applied).toEqual([[1], [MAX_QUEUED_PAYLOAD / 2, MAX_QUEUED_PAYLOAD / 2]]);
  });

  it('applies what waits when asked, before what comes next', async () => {
    const { ingest, applied, settle } = rig();
    ingest.push(1);
    await settle();
    ingest.push(2);
    ingest.flush();
    expect(applied).toEqual([[1], [2]]);
    await vi.runAllTimersAsync();
    expect(applied).toEqual([[1], [2]]);
  });
});
