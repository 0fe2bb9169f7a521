/** Times in the user's local time zone; the hook gives epoch milliseconds with a fraction. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The grid's column: wall clock with milliseconds, `HH:MM:SS.mmm`. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Wall clock down to the microsecond the hook measured, `HH:MM:SS.mmmuuu`. */
export function formatClockMicros(epochMs: number): string {
  const micros = Math.floor((epochMs - Math.floor(epochMs)) * 1000);
  return `${formatClock(epochMs)}${pad(micros, 3)}`;
}

/** The details pane's exact time: date, and the clock down to the microsecond. */
export function formatExactTime(epochMs: number): string {
  const d = new Date(epochMs);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${formatClockMicros(epochMs)}`;
}

/** The grid's other time column: since the connection started, `+1.234 s`, `+2:03.456`. */
export function formatRelative(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(3)} s`;
  const minutes = Math.floor(abs / 60_000);
  return `${sign}${minutes}:${pad(Math.floor((abs % 60_000) / 1000))}.${pad(Math.floor(abs % 1000), 3)}`;
}

/**
 * Since the previous message: `+12.345 ms` below a second, where bursts need the detail, then as
 * `formatRelative` does. Negative in an order other than time's (sorted by size, say).
 */
export function formatDelta(ms: number): string {
  if (Math.abs(ms) >= 1000) return formatRelative(ms);
  return `${ms < 0 ? '−' : '+'}${Math.abs(ms).toFixed(3)} ms`;
}

/** A connection's age or lifetime: `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}
