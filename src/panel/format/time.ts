/** Times in the user's local time zone; the hook gives epoch milliseconds with a fraction. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The grid's column: wall clock with milliseconds, `HH:MM:SS.mmm`. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The details pane's exact time: date, and the clock down to the microsecond. */
export function formatExactTime(epochMs: number): string {
  const d = new Date(epochMs);
  const micros = Math.floor((epochMs - Math.floor(epochMs)) * 1000);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${formatClock(epochMs)}${pad(micros, 3)}`;
}
