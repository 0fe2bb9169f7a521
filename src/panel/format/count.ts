/** Counts as people read them: 1,000,000, and "1 message" / "2 messages". */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

export const plural = (n: number, noun: string): string => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
