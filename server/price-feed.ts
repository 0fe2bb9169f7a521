import { DEMO_SYMBOL, demoPrice } from './market';
import type { Scope } from './scope';

/** One tick of the shared price feed, as every price endpoint sends it. */
export interface PriceTick {
  symbol: string;
  price: number;
  /** 1 for the first tick, then +1 per tick. */
  n: number;
  /** Server time of the tick, epoch ms: a client's latency is its arrival time minus this. */
  time: number;
}

export interface PriceFeed {
  readonly latest: PriceTick;
  /** Calls `listener` with each tick from now on, until the returned function is called. */
  subscribe(listener: (tick: PriceTick) => void): () => void;
}

export const DEFAULT_PRICE_TICK_MS = 1000;

/**
 * One price feed per server, ticking every `intervalMs` (the first tick at once), so that the
 * lab page's columns (short poll, long poll, SSE, WebSocket) all show the same ticks and
 * differ only in how they deliver them. Stops with `scope`.
 */
export function startPriceFeed(scope: Scope, intervalMs: number): PriceFeed {
  const listeners = new Set<(tick: PriceTick) => void>();
  const tickAt = (n: number): PriceTick => ({ symbol: DEMO_SYMBOL, price: demoPrice(n), n, time: Date.now() });
  let latest = tickAt(1);

  scope.every(intervalMs, () => {
    latest = tickAt(latest.n + 1);
    for (const listener of [...listeners]) listener(latest);
  });
  scope.onDispose(() => listeners.clear());

  return {
    get latest() {
      return latest;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
