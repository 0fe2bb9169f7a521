/**
 * A made-up share price, derived from the tick number so that every run (and every test)
 * sees the same prices.
 */
export const DEMO_SYMBOL = 'ACME';

export function demoPrice(n: number): number {
  const cents = Math.round(12_345 + 1_000 * Math.sin(n / 7) + 250 * Math.sin(n / 2.3));
  return cents / 100;
}
