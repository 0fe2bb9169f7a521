/** The benchmark's markdown: a table of medians with ratios against "no extension", and targets. */
import { SETUP_LABELS, type SetupName } from './setups';
import { median, pairedRatio } from './stats';

type PerSetup = Partial<Record<SetupName, number[]>>;

export interface PageRow {
  measure: string;
  unit: string;
  /** Per setup, one throughput a round, in round order. */
  samples: PerSetup;
  /** Per setup, the page's main-thread ms per 1,000 units of work, one a round, in round order. */
  cpu: PerSetup;
}

/** `setup`'s throughput against `baseline`'s, round by round (see pairedRatio): ≥ 1 is as fast. */
export const pageRatio = (row: PageRow, setup: SetupName, baseline: SetupName): number =>
  pairedRatio(row.samples[setup] ?? [], row.samples[baseline] ?? []);

/** `baseline`'s main-thread cost against `setup`'s, round by round: ≥ 1 is as cheap, 0.85 is 15% more work. */
export const cpuRatio = (row: PageRow, setup: SetupName, baseline: SetupName): number =>
  pairedRatio(row.cpu[baseline] ?? [], row.cpu[setup] ?? []);

export interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const whole = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');

const ORDER: SetupName[] = ['none', 'closed', 'open', 'rules', 'devtools', 'workers'];
const RATIOS: [SetupName, SetupName][] = [['closed', 'none'], ['open', 'none'], ['rules', 'open'], ['devtools', 'none'], ['open', 'devtools'], ['workers', 'none']];
const COST_RATIOS: [SetupName, SetupName][] = [['closed', 'none'], ['open', 'none'], ['rules', 'none'], ['devtools', 'none'], ['workers', 'none']];
export const SHORT: Record<SetupName, string> = { none: 'none', closed: 'closed', open: 'open', rules: '10 rules', devtools: 'DevTools', workers: 'workers' };

/**
 * Throughput per setup and its ratios, then main-thread ms per 1,000 units per setup and
 * "none / setup"; for the setups given, with the ratios among them.
 */
export function pageTable(rows: readonly PageRow[], setups: readonly SetupName[]): string {
  const order = ORDER.filter((name) => setups.includes(name));
  const among = ([a, b]: [SetupName, SetupName]) => order.includes(a) && order.includes(b);
  const ratios = RATIOS.filter(among);
  const costRatios = COST_RATIOS.filter(among);
  const header = [
    '| Measure | ' +
      order.map((name) => SETUP_LABELS[name]).join(' | ') +
      ' | ' +
      ratios.map(([a, b]) => `${SHORT[a]} / ${SHORT[b]}`).join(' | ') +
      ' | ' +
      order.map((name) => `CPU ${SHORT[name]} (ms/1k)`).join(' | ') +
      ' | ' +
      costRatios.map(([setup, baseline]) => `CPU ${SHORT[baseline]} / ${SHORT[setup]}`).join(' | ') +
      ' |',
    '|---|' + [...order, ...ratios, ...order, ...costRatios].map(() => '---:').join('|') + '|',
  ];
  const lines = rows.map((row) => {
    const cells = [
      ...order.map((name) => whole(median(row.samples[name] ?? []))),
      ...ratios.map(([a, b]) => fixed(pageRatio(row, a, b), 3)),
      ...order.map((name) => fixed(median(row.cpu[name] ?? []), 1)),
      ...costRatios.map(([setup, baseline]) => fixed(cpuRatio(row, setup, baseline), 3)),
    ];
    return `| ${row.measure} (${row.unit}) | ${cells.join(' | ')} |`;
  });
  return [...header, ...lines].join('\n');
}

export function targetTable(targets: readonly Target[]): string {
  return [
    '| What | Target | Measured | Met |',
    '|---|---|---|:---:|',
    ...targets.map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
  ].join('\n');
}

export { fixed, whole };
