import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPacedIngest, FLOOD_INTERVAL_MS, INGEST_INTERVAL_MS, MAX_QUEUED_EVENTS } from './paced-ingest';

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

  it('slows to the flood pace while events pour in, and speeds up again after', async () => {
    const { ingest, applied, settle } = rig();
    ingest.push(1);
    await settle();
    // 500 events in 50 ms: 10,000 a second.
    ingest.push(500);
    await vi.advanceTimersByTimeAsync(INGEST_INTERVAL_MS);
    expect(applied).toHaveLength(2);
    ingest.push(500);
    await vi.advanceTimersByTimeAsync(FLOOD_INTERVAL_MS - 1);
    expect(applied).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(applied).toEqual([[1], [500], [500]]);
    // 2 events in 250 ms: a trickle again.
    ingest.push(2);
    await vi.advanceTimersByTimeAsync(FLOOD_INTERVAL_MS);
    ingest.push(1);
    await vi.advanceTimersByTimeAsync(INGEST_INTERVAL_MS);
    expect(applied).toEqual([[1], [500], [500], [2], [1]]);
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
