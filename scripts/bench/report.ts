/** The benchmark's markdown: a table of medians with ratios against "no extension", and targets. */
import { SETUP_LABELS, type SetupName } from './setups';
import { ratio } from './stats';

export interface PageRow {
  measure: string;
  unit: string;
  /** Median per setup. */
  medians: Partial<Record<SetupName, number>>;
}

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
    const m = (name: SetupName) => row.medians[name] ?? Number.NaN;
    const ratios = [ratio(m('closed'), m('none')), ratio(m('open'), m('none')), ratio(m('devtools'), m('none')), ratio(m('open'), m('devtools'))];
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
