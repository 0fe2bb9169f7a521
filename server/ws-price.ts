import type { PriceFeed } from './price-feed';
import type { WsEndpoint } from './ws-endpoint';

/** The shared price feed over WebSocket: the latest tick at once, then every tick, as JSON text. */
export function createPriceWsEndpoint(feed: PriceFeed): WsEndpoint {
  return {
    path: '/ws/price',
    accept: () => ({
      serve({ ws, scope }) {
        ws.send(JSON.stringify(feed.latest));
        scope.onDispose(feed.subscribe((tick) => ws.send(JSON.stringify(tick))));
      },
    }),
  };
}
