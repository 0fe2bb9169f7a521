/**
 * `npx tsx scripts/bench/ab.ts <build A> <build B> [rounds]`: two builds of Frametap side by side,
 * each with its panel closed and open, against no extension, on the page workloads that tell
 * builds apart (64 B and 4 KB echo, 64 B push), rounds alternating as in `npm run bench`.
 * A build is a `dist` directory: build an older commit in a worktree with `npx vite build`.
 */
import { resolve } from 'node:path';
import { startDemoServer } from '../../server/demo-server';
import { launch, openPanel, type Session } from '../../test/e2e/harness';
import { msPerThousand, openTaskClock, type TaskClock } from './cpu';
import { echoThroughput, pushThroughput, type PageRun, type WorkloadProbes } from './page-workloads';
import { fixed, whole } from './report';
import { median, pairedRatio } from './stats';

const [distA, distB, roundsArg] = process.argv.slice(2);
if (!distA || !distB) throw new Error('usage: ab.ts <dist A> <dist B> [rounds]');
const builds = [
  ['A', resolve(distA)],
  ['B', resolve(distB)],
] as const;
const rounds = Number(roundsArg ?? 4);

interface Rig {
  label: string;
  session: Session;
  clock: TaskClock;
}

const log = (line: string) => console.error(`[ab ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function rig(label: string, pageUrl: string, dist: string | null, panel: boolean): Promise<Rig> {
  const session = await launch({ extension: dist !== null, dist: dist ?? undefined });
  await session.page.goto(pageUrl);
  if (panel) {
    const opened = await openPanel(session, session.page);
    await opened.getByRole('grid', { name: 'Messages' }).waitFor();
    await session.page.bringToFront();
  }
  return { label, session, clock: await openTaskClock(session.page) };
}

const MEASURES: { name: string; run: (rig: Rig, wsOrigin: string, probes: WorkloadProbes) => Promise<PageRun> }[] = [
  { name: 'Echo 64 B', run: (r, ws, p) => echoThroughput(r.session.page, ws, 'text-64', p) },
  { name: 'Echo 4 KB', run: (r, ws, p) => echoThroughput(r.session.page, ws, 'json-4k', p) },
  { name: 'Push 64 B', run: (r, ws, p) => pushThroughput(r.session.page, ws, 10_000, 64, p) },
];

async function main(): Promise<void> {
  const server = await startDemoServer();
  server.addPage('/ab', '<!doctype html><meta charset="utf-8"><title>Frametap A/B</title><p>A/B page</p>');
  const pageUrl = `${server.origin}/ab`;
  const rigs: Rig[] = [];
  try {
    rigs.push(await rig('none', pageUrl, null, false));
    for (const [name, dist] of builds) {
      rigs.push(await rig(`${name} closed`, pageUrl, dist, false));
      rigs.push(await rig(`${name} open`, pageUrl, dist, true));
    }
    const rates = new Map<string, number[]>();
    const cpus = new Map<string, number[]>();
    const add = (map: Map<string, number[]>, key: string, value: number) => map.set(key, [...(map.get(key) ?? []), value]);
    for (let round = 0; round < rounds; round++) {
      const order = rigs.map((_, i) => rigs[(i + round) % rigs.length]!);
      for (const r of order) {
        for (const measure of MEASURES) {
          let start = 0;
          let seconds = Number.NaN;
          const probes: WorkloadProbes = {
            beforeSocket: async () => undefined,
            windowStarts: async () => void (start = await r.clock.read()),
            windowEnds: async () => void (seconds = (await r.clock.read()) - start),
          };
          const run = await measure.run(r, server.wsOrigin, probes);
          const key = `${measure.name}|${r.label}`;
          add(rates, key, run.rate);
          add(cpus, key, msPerThousand(seconds, run.units));
          log(`round ${round + 1} ${r.label.padEnd(9)} ${measure.name}: ${whole(run.rate)}/s, ${fixed(msPerThousand(seconds, run.units), 1)} ms per 1,000`);
        }
      }
    }
    const lines = ['| Measure | Setup | Rate | / none | CPU ms per 1,000 | CPU none / setup |', '|---|---|---:|---:|---:|---:|'];
    for (const measure of MEASURES) {
      const none = (map: Map<string, number[]>) => map.get(`${measure.name}|none`) ?? [];
      for (const r of rigs) {
        const key = `${measure.name}|${r.label}`;
        const rate = rates.get(key) ?? [];
        const cpu = cpus.get(key) ?? [];
        lines.push(`| ${measure.name} | ${r.label} | ${whole(median(rate))} | ${fixed(pairedRatio(rate, none(rates)), 3)} | ${fixed(median(cpu), 1)} | ${fixed(pairedRatio(none(cpus), cpu), 3)} |`);
      }
    }
    console.log(`A = ${distA}, B = ${distB}, ${rounds} rounds\n\n${lines.join('\n')}`);
  } finally {
    for (const r of rigs) {
      await r.clock.close();
      await r.session.close();
    }
    await server.close();
  }
}

await main();
