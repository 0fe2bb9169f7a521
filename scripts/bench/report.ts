/** The benchmark's markdown: a table of medians with ratios against "no extension", and targets. */
import { SETUP_LABELS, type SetupName } from './setups';
import { median, pairedRatio } from './stats';

export interface PageRow {
  measure: string;
  unit: string;
  /** Per setup, one value a round, in round order. */
  samples: Partial<Record<SetupName, number[]>>;
}

/** `setup` against `baseline`, round by round (see pairedRatio). */
export const pageRatio = (row: PageRow, setup: SetupName, baseline: SetupName): number =>
  pairedRatio(row.samples[setup] ?? [], row.samples[baseline] ?? []);

export interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const whole = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');

export function pageTable(rows: readonly PageRow[]): string {
  const order: SetupName[] = ['none', 'closed', 'open', 'devtools'];
  const header = [
    '| Measure | ' + order.map((name) => SETUP_LABELS[name]).join(' | ') + ' | closed / none | open / none | DevTools / none | open / DevTools |',
    '|---|' + order.map(() => '---:').join('|') + '|---:|---:|---:|---:|',
  ];
  const lines = rows.map((row) => {
    const m = (name: SetupName) => median(row.samples[name] ?? []);
    const ratios = [pageRatio(row, 'closed', 'none'), pageRatio(row, 'open', 'none'), pageRatio(row, 'devtools', 'none'), pageRatio(row, 'open', 'devtools')];
    return `| ${row.measure} (${row.unit}) | ${order.map((name) => whole(m(name))).join(' | ')} | ${ratios.map((r) => fixed(r, 3)).join(' | ')} |`;
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
