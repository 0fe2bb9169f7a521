/**
 * The HTTP measures, round after round across the setups without DevTools (its Network panel
 * check is about a socket's Messages): ordinary fetches as a throughput row like the socket
 * measures', and the token stream's chunk delays, pooled per setup and compared round by round.
 */
import type { Page } from 'playwright-core';
import { msPerThousand } from './cpu';
import { fetchThroughput, streamDelays, type FetchPlan, type StreamPlan } from './http-workloads';
import type { WorkloadProbes } from './page-workloads';
import { rowCount } from './panel-workloads';
import { fixed, whole, type PageRow } from './report';
import type { Setup, SetupName } from './setups';
import { percentile } from './stats';

export type HttpMeasureName = 'fetch' | 'stream';
export const HTTP_MEASURES: readonly HttpMeasureName[] = ['fetch', 'stream'];
export const HTTP_SETUPS: readonly SetupName[] = ['none', 'closed', 'open', 'rules'];

export interface HttpPlan {
  rounds: number;
  fetch: FetchPlan;
  stream: StreamPlan;
}

type PerSetup<T> = Partial<Record<SetupName, T[]>>;

export interface StreamRow {
  measure: string;
  /** Per setup, one array of chunk delays (ms) a round, in round order. */
  delays: PerSetup<number[]>;
  /** Per setup, the page's main-thread ms per 1,000 events, one a round. */
  cpu: PerSetup<number>;
}

export interface HttpRows {
  fetch: PageRow | null;
  stream: StreamRow | null;
}

const add = <T>(series: PerSetup<T>, name: SetupName, value: T) => {
  series[name] = [...(series[name] ?? []), value];
};

/** Probes that read the page's main-thread time over the measured window. */
function taskProbes(setup: Setup): { probes: WorkloadProbes; seconds: () => number } {
  let start = 0;
  let seconds = Number.NaN;
  const probes: WorkloadProbes = {
    beforeSocket: async () => undefined,
    windowStarts: async () => void (start = await setup.taskClock.read()),
    windowEnds: async () => void (seconds = (await setup.taskClock.read()) - start),
  };
  return { probes, seconds: () => seconds };
}

/** The ordinary fetches must stay uncaptured, or the measure is of another path: no row came. */
async function expectNoRows(panel: Page, before: number): Promise<void> {
  // Long enough for the hook's batch to reach the panel and be drawn.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = await rowCount(panel);
  if (after !== before) throw new Error(`the panel shows ${after - before} rows from the ordinary fetches, which should be uncaptured`);
}

/**
 * One round of the fetch measure: each setup's `count` fetches in `slices` bursts, the setups'
 * bursts interleaved, so that a busy spell of the shared machine (a sample takes seconds) falls
 * on every setup of the round alike. Each setup's rate is its fetches over its bursts' summed time.
 */
async function fetchRound(order: readonly Setup[], plan: FetchPlan, origin: string): Promise<{ setup: Setup; rate: number; cpu: number }[]> {
  const burst: FetchPlan = { ...plan, count: Math.ceil(plan.count / plan.slices) };
  const totals = order.map((setup) => ({ setup, seconds: 0, taskSeconds: 0, units: 0 }));
  for (let slice = 0; slice < plan.slices; slice++) {
    for (const total of totals) {
      const clock = taskProbes(total.setup);
      const panel = total.setup.panel;
      const rowsBefore = panel ? await rowCount(panel) : 0;
      const run = await fetchThroughput(total.setup.page, origin, burst, clock.probes);
      if (panel) await expectNoRows(panel, rowsBefore);
      total.seconds += run.units / run.rate;
      total.taskSeconds += clock.seconds();
      total.units += run.units;
    }
  }
  return totals.map(({ setup, seconds, taskSeconds, units }) => ({ setup, rate: units / seconds, cpu: msPerThousand(taskSeconds, units) }));
}

export async function measureHttp(
  setups: readonly Setup[],
  measures: readonly HttpMeasureName[],
  plan: HttpPlan,
  origin: string,
  log: (line: string) => void,
): Promise<HttpRows> {
  const fetchRow: PageRow | null = measures.includes('fetch')
    ? { measure: `Ordinary fetches, ${whole(plan.fetch.count)} × JSON, ${plan.fetch.concurrency} in flight`, unit: 'fetches/s', samples: {}, cpu: {} }
    : null;
  const streamRow: StreamRow | null = measures.includes('stream')
    ? { measure: `Token stream over fetch, ${whole(plan.stream.count)} events ${plan.stream.interval} ms apart`, delays: {}, cpu: {} }
    : null;
  const measured = setups.filter((s) => HTTP_SETUPS.includes(s.name));
  for (let round = 0; round < plan.rounds; round++) {
    // Rotate the order every round, so that no setup always runs first or last.
    const order = measured.map((_, i) => measured[(i + round) % measured.length]!);
    if (fetchRow) {
      for (const { setup, rate, cpu } of await fetchRound(order, plan.fetch, origin)) {
        add(fetchRow.samples, setup.name, rate);
        add(fetchRow.cpu, setup.name, cpu);
        log(`round ${round + 1} ${setup.name.padEnd(8)} fetch: ${whole(rate)} fetches/s, ${fixed(cpu, 1)} ms main thread per 1,000`);
      }
    }
    for (const setup of order) {
      if (streamRow) {
        const clock = taskProbes(setup);
        const run = await streamDelays(setup.page, origin, plan.stream, clock.probes);
        if (run.units !== plan.stream.count) throw new Error(`${setup.name}: the page read ${run.units} of ${plan.stream.count} events`);
        const cpu = msPerThousand(clock.seconds(), run.units);
        add(streamRow.delays, setup.name, run.delays);
        add(streamRow.cpu, setup.name, cpu);
        log(`round ${round + 1} ${setup.name.padEnd(8)} stream: delay p50 ${fixed(percentile(run.delays, 50), 0)} ms, p99 ${fixed(percentile(run.delays, 99), 0)} ms over ${run.delays.length}, ${fixed(cpu, 1)} ms main thread per 1,000 events`);
      }
    }
  }
  return { fetch: fetchRow, stream: streamRow };
}
