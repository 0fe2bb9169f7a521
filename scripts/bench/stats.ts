/** The few statistics the benchmark reports: medians of repeated runs, percentiles, ratios. */

/** The value below which `p` (0–100) percent of `values` lie, nearest-rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The middle value (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `value / baseline`, or NaN when the baseline is missing or zero. */
export function ratio(value: number, baseline: number): number {
  return baseline > 0 && Number.isFinite(baseline) ? value / baseline : Number.NaN;
}

/**
 * The median of round-by-round ratios `values[i] / baselines[i]`. The setups of one round run
 * one after the other, so a slow spell of a shared machine, which moves every setup of that
 * round alike, cancels out; a ratio of overall medians would mix slow and fast rounds.
 */
export function pairedRatio(values: readonly number[], baselines: readonly number[]): number {
  const rounds = Math.min(values.length, baselines.length);
  const ratios = Array.from({ length: rounds }, (_, i) => ratio(values[i]!, baselines[i]!)).filter(Number.isFinite);
  return median(ratios);
}
