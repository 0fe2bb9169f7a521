/**
 * Paces what the service worker sends into the store. Messages are queued as they arrive and
 * applied together, one store update (and so one render) at a time, because every frame the
 * panel draws costs the inspected page: measured on the 64 B echo benchmark, a panel applying
 * each batch as it came kept the page at 0.68 of its speed without Frametap, and one that drew
 * twice a second at 0.92.
 *
 * So the panel draws 20 times a second (a message shows within about 50 ms), and 4 times a second
 * once more than FLOOD_RATE events a second have kept arriving for FLOOD_AFTER_MS: rows then
 * scroll past faster than anyone reads them, and the page needs the CPU more than the tail needs
 * to be smooth. The first message after a quiet spell is applied at once.
 */
import { batch } from '@preact/signals';

export const INGEST_INTERVAL_MS = 50;
export const FLOOD_INTERVAL_MS = 250;
/** Events per second above which the panel draws at the flood pace. */
export const FLOOD_RATE = 1_500;
/**
 * The rate is counted over the last half second: long enough that a burst (two port messages in
 * one interval) does not hold back the rows of a steady stream below FLOOD_RATE, short enough
 * that the quick pace is back soon after a flood.
 */
export const RATE_WINDOW_MS = 500;
/** The flood pace starts once the rate has stayed above FLOOD_RATE this long; it ends as soon as it drops. */
export const FLOOD_AFTER_MS = 1_000;
/**
 * So many queued events, or payload characters, are applied at once, whatever the pace: a
 * throttled timer (a hidden panel) must not let the queue grow past the store's budgets, nor one
 * update take long.
 */
export const MAX_QUEUED_EVENTS = 5_000;
export const MAX_QUEUED_PAYLOAD = 64 * 1024 * 1024;

/** What a queued message weighs: its events, and their payload characters. */
export interface Weight {
  events: number;
  payload: number;
}

export interface PacedIngest<T> {
  push(message: T): void;
  /** Applies what is queued now: before anything that must see it first (a navigation notice). */
  flush(): void;
}

export function createPacedIngest<T>(apply: (message: T) => void, weigh: (message: T) => Weight): PacedIngest<T> {
  let queue: T[] = [];
  let queued = 0;
  let queuedPayload = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastFlush = -Infinity;
  let interval = INGEST_INTERVAL_MS;
  /** The updates of the last RATE_WINDOW_MS: when, and how many events each applied. */
  const recent: { time: number; events: number }[] = [];
  let recentEvents = 0;
  /** Since when the rate has been above FLOOD_RATE, if it is. */
  let floodSince: number | null = null;

  function choosePace(now: number, events: number): void {
    recent.push({ time: now, events });
    recentEvents += events;
    while (recent[0]!.time <= now - RATE_WINDOW_MS) recentEvents -= recent.shift()!.events;
    if ((recentEvents * 1000) / RATE_WINDOW_MS > FLOOD_RATE) floodSince ??= now;
    else floodSince = null;
    interval = floodSince !== null && now - floodSince >= FLOOD_AFTER_MS ? FLOOD_INTERVAL_MS : INGEST_INTERVAL_MS;
  }

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    const now = performance.now();
    choosePace(now, queued);
    lastFlush = now;
    const messages = queue;
    queue = [];
    queued = 0;
    queuedPayload = 0;
    if (messages.length > 0) batch(() => messages.forEach(apply));
  }

  return {
    push(message) {
      queue.push(message);
      const { events, payload } = weigh(message);
      queued += events;
      queuedPayload += payload;
      if (queued >= MAX_QUEUED_EVENTS || queuedPayload >= MAX_QUEUED_PAYLOAD) flush();
      else timer ??= setTimeout(flush, Math.max(0, lastFlush + interval - performance.now()));
    },
    flush,
  };
}
