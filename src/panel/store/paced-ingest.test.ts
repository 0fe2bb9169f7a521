import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPacedIngest, FLOOD_INTERVAL_MS, FLOOD_RATE, INGEST_INTERVAL_MS, MAX_QUEUED_EVENTS, RATE_WINDOW_MS } from './paced-ingest';

/** A message is a number of events; each apply records the messages it got together. */
function rig() {
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
    (events) => events,
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

  it('slows to the flood pace after a second of more than FLOOD_RATE events, and speeds up after a quiet second', async () => {
    const { ingest, applied } = rig();
    const perInterval = (FLOOD_RATE / 1000) * INGEST_INTERVAL_MS * 2;
    // One second at twice the flood rate: still applied every INGEST_INTERVAL_MS.
    for (let t = 0; t < RATE_WINDOW_MS; t += INGEST_INTERVAL_MS) {
      ingest.push(perInterval);
      await vi.advanceTimersByTimeAsync(INGEST_INTERVAL_MS);
    }
    const quick = RATE_WINDOW_MS / INGEST_INTERVAL_MS;
    expect(applied).toHaveLength(quick);
    // This update closes the second: the flood pace from here on.
    ingest.push(perInterval);
    await vi.advanceTimersByTimeAsync(0);
    expect(applied).toHaveLength(quick + 1);
    ingest.push(perInterval);
    await vi.advanceTimersByTimeAsync(FLOOD_INTERVAL_MS - 1);
    expect(applied).toHaveLength(quick + 1);
    await vi.advanceTimersByTimeAsync(1);
    expect(applied).toHaveLength(quick + 2);
    // A quiet second, and a trickle is applied every INGEST_INTERVAL_MS again.
    await vi.advanceTimersByTimeAsync(RATE_WINDOW_MS);
    ingest.push(1);
    await vi.advanceTimersByTimeAsync(0);
    ingest.push(1);
    await vi.advanceTimersByTimeAsync(INGEST_INTERVAL_MS);
    expect(applied.slice(-2)).toEqual([[1], [1]]);
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
