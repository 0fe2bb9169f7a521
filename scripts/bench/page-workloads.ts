/**
 * What the inspected page does and how fast: WebSocket echo round trips and server pushes,
 * measured by the page itself with `performance.now()`.
 */
import type { Page } from 'playwright-core';
import { inPage } from './in-page';

export type EchoPayload = 'text-64' | 'json-4k' | 'binary-1m';

/**
 * How long each echo sample runs: a fixed time rather than a fixed count, long enough for a few
 * dozen 1 MB round trips. Many short rounds compare better than a few long ones (see pairedRatio).
 */
export const ECHO_SECONDS: Record<EchoPayload, number> = { 'text-64': 1.5, 'json-4k': 1.5, 'binary-1m': 2.5 };

/**
 * Each echo sample starts after this much of the same traffic: throughput in the steady state,
 * once the panel has settled into its pace for it (the flood pace takes a second to start).
 */
export const ECHO_WARM_UP_SECONDS = 1.5;

interface EchoPlan {
  url: string;
  payload: EchoPayload;
  seconds: number;
  warmUpSeconds: number;
}

/** Round trips per second, one message in flight at a time, after a warm-up. */
export function echoThroughput(page: Page, wsOrigin: string, payload: EchoPayload): Promise<number> {
  const plan: EchoPlan = { url: `${wsOrigin}/ws/echo`, payload, seconds: ECHO_SECONDS[payload], warmUpSeconds: ECHO_WARM_UP_SECONDS };
  return inPage(page, async ({ url, payload, seconds, warmUpSeconds }: EchoPlan) => {
    const makePayload = (): string | Uint8Array => {
      if (payload === 'text-64') return 'x'.repeat(64);
      if (payload === 'json-4k') {
        const items = Array.from({ length: 40 }, (_, i) => ({ id: i, name: `item-${i}`, price: i * 1.25, tags: ['a', 'b'] }));
        return JSON.stringify({ type: 'snapshot', items, pad: 'p'.repeat(4096) }).slice(0, 4096);
      }
      // Random bytes, so that permessage-deflate cannot shrink them to nothing.
      const bytes = new Uint8Array(1024 * 1024);
      for (let at = 0; at < bytes.length; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
      return bytes;
    };
    const message = makePayload();
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    let answered: () => void = () => undefined;
    ws.onmessage = () => answered();
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    const roundTrip = () =>
      new Promise<void>((resolve) => {
        answered = resolve;
        ws.send(message);
      });
    const warmUpUntil = performance.now() + warmUpSeconds * 1000;
    while (performance.now() < warmUpUntil) await roundTrip();
    const started = performance.now();
    const until = started + seconds * 1000;
    let roundTrips = 0;
    for (; performance.now() < until; roundTrips++) await roundTrip();
    const elapsed = (performance.now() - started) / 1000;
    ws.close();
    return roundTrips / elapsed;
  }, plan);
}

interface PushPlan {
  url: string;
  count: number;
}

/** Messages per second the page receives from a flood of `count` messages of `size` bytes. */
export function pushThroughput(page: Page, wsOrigin: string, count: number, size: number): Promise<number> {
  const plan: PushPlan = { url: `${wsOrigin}/ws/flood?count=${count}&size=${size}`, count };
  return inPage(page, async ({ url, count }: PushPlan) => {
    const ws = new WebSocket(url);
    let received = 0;
    let started = 0;
    const seconds = await new Promise<number>((resolve, reject) => {
      ws.onopen = () => {
        started = performance.now();
      };
      ws.onerror = reject;
      ws.onmessage = (event) => {
        if (received === count && String(event.data).includes('flood-end')) resolve((performance.now() - started) / 1000);
        else received++;
      };
    });
    ws.close();
    return count / seconds;
  }, plan);
}
