/**
 * What the inspected page does and how fast: WebSocket echo round trips and server pushes,
 * measured by the page itself with `performance.now()`. The bench reads its own probes (the
 * page's main-thread time, what DevTools shows) between the page's evaluate calls, so each
 * workload tells it when its socket is about to exist and where its measured window starts and ends.
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

/** What the bench does around a workload, outside the page. */
export interface WorkloadProbes {
  /** Before the workload's socket is created, with its URL. */
  beforeSocket(url: string): Promise<void>;
  /** Right before and right after the measured window. */
  windowStarts(): Promise<void>;
  windowEnds(): Promise<void>;
}

export interface PageRun {
  /** Round trips or messages per second. */
  rate: number;
  /** Round trips or messages in the measured window. */
  units: number;
}

interface EchoPlan {
  url: string;
  payload: EchoPayload;
  warmUpSeconds: number;
}

/** The warmed-up echo socket between the page's two evaluate calls; deleted by the second. */
interface EchoRig {
  ws: WebSocket;
  roundTrip(): Promise<void>;
}
type WithEchoRig = typeof globalThis & { benchEcho?: EchoRig };

/** Round trips per second, one message in flight at a time, after a warm-up. */
export async function echoThroughput(page: Page, wsOrigin: string, payload: EchoPayload, probes: WorkloadProbes): Promise<PageRun> {
  const plan: EchoPlan = { url: `${wsOrigin}/ws/echo`, payload, warmUpSeconds: ECHO_WARM_UP_SECONDS };
  await probes.beforeSocket(plan.url);
  await inPage(page, async ({ url, payload, warmUpSeconds }: EchoPlan) => {
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
    const lengthOf = (data: string | ArrayBuffer | Uint8Array): number => (typeof data === 'string' ? data.length : data.byteLength);
    // An app reads what it receives: the page checks each echo's length, so it reads its data.
    let answered: (length: number) => void = () => undefined;
    ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => answered(lengthOf(event.data));
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    const roundTrip = () =>
      new Promise<void>((resolve, reject) => {
        answered = (length) => (length === lengthOf(message) ? resolve() : reject(new Error(`an echo of ${length} bytes`)));
        ws.send(message);
      });
    const warmUpUntil = performance.now() + warmUpSeconds * 1000;
    while (performance.now() < warmUpUntil) await roundTrip();
    (globalThis as WithEchoRig).benchEcho = { ws, roundTrip };
  }, plan);
  await probes.windowStarts();
  const { roundTrips, seconds } = await inPage(page, async (seconds: number) => {
    const rig = (globalThis as WithEchoRig).benchEcho!;
    delete (globalThis as WithEchoRig).benchEcho;
    const started = performance.now();
    const until = started + seconds * 1000;
    let roundTrips = 0;
    for (; performance.now() < until; roundTrips++) await rig.roundTrip();
    const elapsed = (performance.now() - started) / 1000;
    rig.ws.close();
    return { roundTrips, seconds: elapsed };
  }, ECHO_SECONDS[payload]);
  await probes.windowEnds();
  return { rate: roundTrips / seconds, units: roundTrips };
}

interface PushPlan {
  url: string;
  count: number;
}

/**
 * Messages per second the page receives from a flood of `count` messages of `size` bytes, from
 * the socket's open to the flood's end. The flood starts as the socket opens, so the probes'
 * window is the whole evaluate call: it adds only the socket's creation and handshake.
 */
export async function pushThroughput(page: Page, wsOrigin: string, count: number, size: number, probes: WorkloadProbes): Promise<PageRun> {
  const plan: PushPlan = { url: `${wsOrigin}/ws/flood?count=${count}&size=${size}`, count };
  await probes.beforeSocket(plan.url);
  await probes.windowStarts();
  const seconds = await inPage(page, async ({ url, count }: PushPlan) => {
    const ws = new WebSocket(url);
    let received = 0;
    let started = 0;
    const seconds = await new Promise<number>((resolve, reject) => {
      ws.onopen = () => {
        started = performance.now();
      };
      ws.onerror = reject;
      // As an app would, the page reads each message's data.
      ws.onmessage = (event: MessageEvent<string>) => {
        if (received === count && event.data.includes('flood-end')) resolve((performance.now() - started) / 1000);
        else if (event.data.length > 0) received++;
      };
    });
    ws.close();
    return seconds;
  }, plan);
  await probes.windowEnds();
  return { rate: count / seconds, units: count };
}
