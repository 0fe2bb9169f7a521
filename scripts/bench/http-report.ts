/** The HTTP measures' markdown: the fetch row in the page table's format, the stream's delays, their targets. */
import { HTTP_SETUPS, type HttpRows, type StreamRow } from './http-rounds';
import { SHORT, cpuRatio, fixed, pageRatio, pageTable, whole, type Target } from './report';
import type { SetupName } from './setups';
import { median, percentile } from './stats';

/** A percentile of every round's delays of `setup` together. */
const pooledPercentile = (row: StreamRow, setup: SetupName, p: number): number => percentile((row.delays[setup] ?? []).flat(), p);

/** The median over rounds of `setup`'s percentile minus `baseline`'s in the same round, in ms. */
function pairedPercentileGap(row: StreamRow, setup: SetupName, baseline: SetupName, p: number): number {
  const values = row.delays[setup] ?? [];
  const baselines = row.delays[baseline] ?? [];
  const rounds = Math.min(values.length, baselines.length);
  return median(Array.from({ length: rounds }, (_, i) => percentile(values[i]!, p) - percentile(baselines[i]!, p)));
}

/** The lowest and highest of `setup`'s per-round percentiles, e.g. "1–3". */
function roundRange(row: StreamRow, setup: SetupName, p: number): string {
  const perRound = (row.delays[setup] ?? []).map((delays) => percentile(delays, p));
  return perRound.length ? `${fixed(Math.min(...perRound), 0)}–${fixed(Math.max(...perRound), 0)}` : 'n/a';
}


/**
 * Delay percentiles per setup over all rounds' events (with the range of the rounds' own values),
 * the paired gaps against no extension, and main-thread time per 1,000 events.
 */
function streamTable(row: StreamRow): string {
  const others = HTTP_SETUPS.filter((name) => name !== 'none');
  const header = [
    '| Measure | ' +
      HTTP_SETUPS.map((name) => `p50 ${SHORT[name]} (ms)`).join(' | ') +
      ' | ' +
      HTTP_SETUPS.map((name) => `p99 ${SHORT[name]} (ms)`).join(' | ') +
      ' | ' +
      others.map((name) => `p99 ${SHORT[name]} − none`).join(' | ') +
      ' | ' +
      HTTP_SETUPS.map((name) => `CPU ${SHORT[name]} (ms/1k)`).join(' | ') +
      ' | Delays per setup |',
    '|---|' + [...HTTP_SETUPS, ...HTTP_SETUPS, ...others, ...HTTP_SETUPS, 'n'].map(() => '---:').join('|') + '|',
  ];
  const cells = [
    ...HTTP_SETUPS.map((name) => `${fixed(pooledPercentile(row, name, 50), 0)} (${roundRange(row, name, 50)})`),
    ...HTTP_SETUPS.map((name) => `${fixed(pooledPercentile(row, name, 99), 0)} (${roundRange(row, name, 99)})`),
    ...others.map((name) => fixed(pairedPercentileGap(row, name, 'none', 99), 0)),
    ...HTTP_SETUPS.map((name) => fixed(median(row.cpu[name] ?? []), 1)),
    whole((row.delays.none ?? []).flat().length),
  ];
  return [...header, `| ${row.measure} | ${cells.join(' | ')} |`].join('\n');
}

/** The section for bench/results.md, and the targets the HTTP measures have. */
export function httpReport({ fetch, stream }: HttpRows): { section: string; targets: Target[] } {
  const lines = ['## Ordinary fetches and token streams', ''];
  const targets: Target[] = [];
  if (fetch) {
    lines.push(
      pageTable([fetch], HTTP_SETUPS),
      '',
      'Every fetch has its own `?t=` and they go out back to back, so the hook’s capture rules pass them by (no rhythm, no pattern; the open panel is checked to show no row of them): the cost of the wrapped `fetch` and `.json()` on every ordinary request. A sample’s fetches go in bursts interleaved with the other setups’, each after a short warm-up; Chromium keeps at most 6 HTTP/1.1 connections to one origin, so 8 in flight is 6 on the wire. Playwright, which drives every setup, keeps CDP’s Network domain enabled on the page: that instrumentation roughly halves the fetch rate of every setup alike, so these ratios understate Frametap’s relative cost.',
      '',
    );
    const speed = pageRatio(fetch, 'closed', 'none');
    const cost = cpuRatio(fetch, 'closed', 'none');
    targets.push(
      { what: `${fetch.measure}: throughput, panel closed / no extension`, target: '≥ 0.98', measured: fixed(speed, 3), met: speed >= 0.98 },
      { what: `${fetch.measure}: page main-thread time, no extension / panel closed`, target: '≥ 0.85', measured: fixed(cost, 3), met: cost >= 0.85 },
    );
  }
  if (stream) {
    lines.push(
      streamTable(stream),
      '',
      'Delay: the page’s `Date.now()` when its reader gets the chunk that completes an event, minus the server’s `Date.now()` stamped in it just before the write (whole milliseconds; one clock). Percentiles over all rounds’ events, in brackets the range of the rounds’ own; the gaps are the median of the rounds’ differences. Frametap captures this stream (text/event-stream): its tap of the body is in the path.',
      '',
    );
  }
  return { section: lines.join('\n'), targets };
}
