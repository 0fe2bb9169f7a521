/** Counts as people read them: 1,000,000, and "1 message" / "2 messages". */

// One formatter for every count: `toLocaleString` builds a new one on each call, which the
// connection list and status bar pay dozens of times a frame under a flood.
const counts = new Intl.NumberFormat('en-US');

export const formatCount = (n: number): string => counts.format(n);

export const plural = (n: number, noun: string): string => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
