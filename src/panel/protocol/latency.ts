/** The time between a request and its response, as the details pane says it. */
export function formatLatency(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1) return `${(abs * 1000).toFixed(0)} µs`;
  if (abs < 1000) return `${abs.toFixed(abs < 10 ? 2 : 1)} ms`;
  return `${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
}
