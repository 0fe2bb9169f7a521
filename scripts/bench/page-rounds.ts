/**
 * The page measures, round after round across the setups: each run's throughput and the page's
 * main-thread time over the same window, and for the DevTools setup a check that DevTools showed
 * the socket's Messages while it ran.
 */
import { msPerThousand } from './cpu';
import { echoThroughput, pushThroughput, type EchoPayload, type PageRun, type WorkloadProbes } from './page-workloads';
import { whole, fixed, type PageRow } from './report';
import type { Setup, SetupName } from './setups';
import { workerEcho } from './worker-echo';

interface PageMeasure {
  measure: string;
  unit: string;
  run(setup: Setup, wsOrigin: string, probes: WorkloadProbes): Promise<PageRun>;
}

const echo = (payload: EchoPayload, measure: string): PageMeasure => ({
  measure,
  unit: 'round trips/s',
  run: (setup, wsOrigin, probes) => echoThroughput(setup.page, wsOrigin, payload, probes),
});

export const pageMeasures = (pushCount: number): PageMeasure[] => [
  echo('text-64', 'Echo, 64 B text'),
  echo('json-4k', 'Echo, 4 KB JSON'),
  echo('binary-1m', 'Echo, 1 MB binary'),
  { measure: 'Server push, 64 B', unit: 'messages/s', run: (setup, wsOrigin, probes) => pushThroughput(setup.page, wsOrigin, pushCount, 64, probes) },
];

/** Apart from the page measures: it runs on WORKER_SETUPS, among them the one with worker traffic on. */
export const WORKER_MEASURES: readonly PageMeasure[] = [
  { measure: 'Worker WebSocket echo (64 B)', unit: 'round trips/s', run: workerEcho },
];

interface Sample {
  rate: number;
  /** Main-thread ms per 1,000 round trips or messages. */
  cpu: number;
}

async function runOnce(setup: Setup, measure: PageMeasure, wsOrigin: string, log: (line: string) => void): Promise<Sample> {
  let socketUrl = '';
  let taskAtStart = 0;
  let taskSeconds = Number.NaN;
  const probes: WorkloadProbes = {
    async beforeSocket(url) {
      socketUrl = url;
      await setup.network?.selectWhenCreated(url);
    },
    async windowStarts() {
      taskAtStart = await setup.taskClock.read();
    },
    async windowEnds() {
      taskSeconds = (await setup.taskClock.read()) - taskAtStart;
    },
  };
  const run = await measure.run(setup, wsOrigin, probes);
  if (setup.network) {
    const shown = await setup.network.check(socketUrl);
    log(`  DevTools Messages: ${whole(shown.frames)} frames, ${shown.rows} rows in view, caught up ${fixed(shown.catchUpMs / 1000, 1)} s after`);
  }
  return { rate: run.rate, cpu: msPerThousand(taskSeconds, run.units) };
}

export async function measurePages(setups: readonly Setup[], measures: readonly PageMeasure[], rounds: number, wsOrigin: string, log: (line: string) => void): Promise<PageRow[]> {
  const rows: PageRow[] = measures.map((m) => ({ measure: m.measure, unit: m.unit, samples: {}, cpu: {} }));
  const add = (series: Partial<Record<SetupName, number[]>>, name: SetupName, value: number) => {
    series[name] = [...(series[name] ?? []), value];
  };
  for (let round = 0; round < rounds; round++) {
    // Rotate the order every round, so that no setup always runs first or last.
    const order = setups.map((_, i) => setups[(i + round) % setups.length]!);
    for (const setup of order) {
      for (const [i, measure] of measures.entries()) {
        const sample = await runOnce(setup, measure, wsOrigin, log);
        add(rows[i]!.samples, setup.name, sample.rate);
        add(rows[i]!.cpu, setup.name, sample.cpu);
        log(`round ${round + 1} ${setup.name.padEnd(8)} ${measure.measure}: ${whole(sample.rate)} ${measure.unit}, ${fixed(sample.cpu, 1)} ms main thread per 1,000`);
      }
    }
  }
  return rows;
}
