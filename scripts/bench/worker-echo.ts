/**
 * The 64 B echo of page-workloads.ts, run by a dedicated worker the page starts: the worker opens
 * the socket, warms up and measures, one message in flight at a time, and posts its count back.
 * No content script runs in a worker, so with the panel closed Frametap should cost it nothing;
 * with worker traffic on, the worker is hooked through Chrome's debugger before its first script.
 */
import type { Page } from 'playwright-core';
import { until } from '../../test/e2e/harness';
import { inPage } from './in-page';
import { ECHO_SECONDS, ECHO_WARM_UP_SECONDS, type PageRun, type WorkloadProbes } from './page-workloads';
import { rowCount } from './panel-workloads';
import type { Setup } from './setups';

/** The page's calls to the worker, one at a time, each answered with one WorkerAnswer. */
type WorkerCall = { kind: 'warm-up'; url: string; seconds: number } | { kind: 'run'; seconds: number };
type WorkerAnswer = { kind: 'warm' } | { kind: 'ran'; roundTrips: number; seconds: number } | { kind: 'error'; message: string };

/** The worker's script, evaluated in the worker as it is (no imports): a same-origin script, as an app's. */
function echoWorker(): void {
  const message = 'x'.repeat(64);
  let ws: WebSocket | null = null;
  let answered: (length: number) => void = () => undefined;
  const roundTrip = (socket: WebSocket) =>
    new Promise<void>((resolve, reject) => {
      answered = (length) => (length === message.length ? resolve() : reject(new Error(`an echo of ${length} bytes`)));
      socket.send(message);
    });
  const warmUp = async (url: string, seconds: number): Promise<WorkerAnswer> => {
    const socket = new WebSocket(url);
    // As the page's echo does, the worker reads each echo's data.
    socket.onmessage = (event: MessageEvent<string>) => answered(event.data.length);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error(`the socket to ${url} failed`));
    });
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) await roundTrip(socket);
    ws = socket;
    return { kind: 'warm' };
  };
  const run = async (socket: WebSocket, seconds: number): Promise<WorkerAnswer> => {
    const started = performance.now();
    const until = started + seconds * 1000;
    let roundTrips = 0;
    for (; performance.now() < until; roundTrips++) await roundTrip(socket);
    const elapsed = (performance.now() - started) / 1000;
    socket.close();
    return { kind: 'ran', roundTrips, seconds: elapsed };
  };
  onmessage = (event: MessageEvent<WorkerCall>) => {
    const call = event.data;
    const answer = call.kind === 'warm-up' ? warmUp(call.url, call.seconds) : ws ? run(ws, call.seconds) : Promise.reject(new Error('run before warm-up'));
    void answer.then(
      (reply) => postMessage(reply),
      (error: unknown) => postMessage({ kind: 'error', message: String(error) } satisfies WorkerAnswer),
    );
  };
}

/** Where the demo server serves the worker's script, and the script (see inPage for `__name`). */
export const ECHO_WORKER_PATH = '/bench-echo-worker.js';
export const ECHO_WORKER_SOURCE = `((__name) => (${echoWorker.toString()})())((f) => f);`;

interface WorkerEchoPlan {
  script: string;
  url: string;
  warmUpSeconds: number;
}

/** The warmed-up worker between the page's two evaluate calls; deleted by the second. */
interface WorkerEchoRig {
  worker: Worker;
  call(call: WorkerCall): Promise<WorkerAnswer>;
}
type WithWorkerEchoRig = typeof globalThis & { benchWorkerEcho?: WorkerEchoRig };

/**
 * The echo, and a check that an open panel saw what its setup says, or the measure is of another
 * path: none of the worker's messages with worker traffic off, at least the measured ones with it on.
 */
export async function workerEcho(setup: Setup, wsOrigin: string, probes: WorkloadProbes): Promise<PageRun> {
  const panel = setup.panel;
  const before = panel ? await rowCount(panel) : 0;
  const run = await workerEchoThroughput(setup.page, wsOrigin, probes);
  if (!panel) return run;
  if (setup.name === 'workers') {
    const wanted = before + 2 * run.units;
    await until(`the panel to show the worker's ${2 * run.units} measured messages`, async () => (await rowCount(panel)) >= wanted);
    return run;
  }
  // Long enough for a batch to reach the panel and be drawn, had anything hooked the worker.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = await rowCount(panel);
  if (after !== before) throw new Error(`the panel shows ${after - before} rows from the worker, whose traffic should be uncaptured`);
  return run;
}

/** The worker's round trips per second, as it counts them; the page only waits for its answers. */
async function workerEchoThroughput(page: Page, wsOrigin: string, probes: WorkloadProbes): Promise<PageRun> {
  const plan: WorkerEchoPlan = { script: ECHO_WORKER_PATH, url: `${wsOrigin}/ws/echo`, warmUpSeconds: ECHO_WARM_UP_SECONDS };
  await probes.beforeSocket(plan.url);
  await inPage(page, async ({ script, url, warmUpSeconds }: WorkerEchoPlan) => {
    const worker = new Worker(script);
    const call = (message: WorkerCall) =>
      new Promise<WorkerAnswer>((resolve, reject) => {
        worker.onmessage = (event: MessageEvent<WorkerAnswer>) => (event.data.kind === 'error' ? reject(new Error(event.data.message)) : resolve(event.data));
        worker.onerror = (event) => reject(new Error(`the echo worker failed: ${event.message}`));
        worker.postMessage(message);
      });
    await call({ kind: 'warm-up', url, seconds: warmUpSeconds });
    (globalThis as WithWorkerEchoRig).benchWorkerEcho = { worker, call };
  }, plan);
  await probes.windowStarts();
  const answer = await inPage(page, async (seconds: number) => {
    const rig = (globalThis as WithWorkerEchoRig).benchWorkerEcho!;
    delete (globalThis as WithWorkerEchoRig).benchWorkerEcho;
    const ran = await rig.call({ kind: 'run', seconds });
    rig.worker.terminate();
    return ran;
  }, ECHO_SECONDS['text-64']);
  await probes.windowEnds();
  if (answer.kind !== 'ran') throw new Error(`the echo worker answered ${answer.kind}`);
  return { rate: answer.roundTrips / answer.seconds, units: answer.roundTrips };
}
