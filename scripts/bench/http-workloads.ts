/**
 * What the inspected page does over plain HTTP, now that the hook wraps `fetch` and response
 * bodies in every page: many ordinary JSON fetches, which Frametap must leave uncaptured and
 * nearly free, and a token stream read through a fetch reader, which it captures, timed chunk by
 * chunk from the server's stamp to the page's receipt.
 */
import type { Page } from 'playwright-core';
import { inPage } from './in-page';
import type { PageRun, WorkloadProbes } from './page-workloads';

export interface FetchPlan {
  count: number;
  /** Bursts the count is fetched in, interleaved with the other setups' (see http-rounds.ts). */
  slices: number;
  /** Requests in flight at once (Chromium opens at most 6 HTTP/1.1 connections to one origin). */
  concurrency: number;
  /** Fetches before each burst's measured ones, to warm the connections and the page's code. */
  warmUp: number;
}

interface FetchRun {
  url: string;
  count: number;
  concurrency: number;
  /** Distinguishes this run's cache-busters from every other run's. */
  run: number;
}

let fetchRuns = 0;

/**
 * Fetches per second of `count` JSON polls of /poll/price, `concurrency` at a time, each read
 * with `.json()` and checked, as an app would. Every URL has its own `?t=`, and the fetches go
 * out back to back: no URL repeats and no rhythm forms, so the hook's capture rules pass them all
 * by — the path every ordinary fetch of a page takes.
 */
export async function fetchThroughput(page: Page, origin: string, plan: FetchPlan, probes: WorkloadProbes): Promise<PageRun> {
  const burst = (count: number): FetchRun => ({ url: `${origin}/poll/price`, count, concurrency: plan.concurrency, run: fetchRuns++ });
  const fetchAll = async ({ url, count, concurrency, run }: FetchRun): Promise<number> => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        const response = await fetch(`${url}?t=${run}-${i}`);
        const tick = (await response.json()) as { n?: unknown };
        if (!response.ok || typeof tick.n !== 'number') throw new Error(`fetch ${i}: ${response.status}`);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return (performance.now() - started) / 1000;
  };
  await inPage(page, fetchAll, burst(plan.warmUp));
  await probes.windowStarts();
  const seconds = await inPage(page, fetchAll, burst(plan.count));
  await probes.windowEnds();
  return { rate: plan.count / seconds, units: plan.count };
}

export interface StreamPlan {
  /** Events of /stream/sse; every other one carries the server's `time`. */
  count: number;
  /** Milliseconds between events, a fast model's token pace. */
  interval: number;
}

export interface StreamRun {
  /** Per stamped event: the page's receipt of the chunk it ended in minus the server's stamp, in ms. */
  delays: number[];
  /** The stream's events the page read. */
  units: number;
}

/**
 * A chat UI's read of a token stream: POST a prompt, read the text/event-stream body with a
 * reader, split it into events. For each event stamped with the server's `time` (Date.now()
 * right before the write), the delay is the page's Date.now() when the chunk that completes the
 * event is read. Server and browser share the machine's clock, so the delay is whole
 * milliseconds of loopback, the browser's network stack and Frametap's tap of the body.
 */
export async function streamDelays(page: Page, origin: string, plan: StreamPlan, probes: WorkloadProbes): Promise<StreamRun> {
  const url = `${origin}/stream/sse?count=${plan.count}&interval=${plan.interval}`;
  await probes.windowStarts();
  const run = await inPage(page, async (url: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ prompt: 'bench' }) });
    if (!response.ok || !response.body) throw new Error(`stream: ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const delays: number[] = [];
    let units = 0;
    let pending = '';
    for (;;) {
      const { done, value } = await reader.read();
      const received = Date.now();
      if (done) break;
      const events = (pending + value).split('\n\n');
      pending = events.pop() ?? '';
      for (const event of events) {
        // Event 0 is the POST's body echoed back; the preamble has no id.
        if (!/^id: [1-9]/m.test(event)) continue;
        units++;
        const stamp = /"time":(\d+)/.exec(event);
        if (stamp) delays.push(received - Number(stamp[1]));
      }
    }
    return { delays, units };
  }, url);
  await probes.windowEnds();
  return run;
}
