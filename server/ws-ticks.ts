import { DEMO_SYMBOL, demoPrice } from './market';
import { readIntParam } from './query';
import type { WsEndpoint } from './ws-endpoint';

/**
 * Server push: JSON ticks, the first at once, then one per `interval` until `count`; the
 * connection then stays open (the client decides when to leave).
 */
export const ticksEndpoint: WsEndpoint = {
  path: '/ws/ticks',
  accept(url) {
    const interval = readIntParam(url.searchParams, 'interval', { fallback: 1000, min: 10, max: 3_600_000 });
    const count = readIntParam(url.searchParams, 'count', { fallback: Infinity, min: 0, max: 1_000_000 });

    return {
      serve({ ws, scope }) {
        let sent = 0;
        /** Sends the next tick; false once that was the last one. */
        const sendNext = (): boolean => {
          sent += 1;
          ws.send(JSON.stringify({ type: 'tick', n: sent, symbol: DEMO_SYMBOL, price: demoPrice(sent), time: Date.now() }));
          return sent < count;
        };
        if (count === 0 || !sendNext()) return;
        const stop = scope.every(interval, () => {
          if (!sendNext()) stop();
        });
      },
    };
  },
};
