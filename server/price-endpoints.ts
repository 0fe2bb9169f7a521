/** The shared price feed over HTTP: short polling, long polling and SSE (see price-feed.ts). */
import type { ServerResponse } from 'node:http';
import type { HttpEndpoint } from './http-endpoint';
import { intParam } from './params';
import type { PriceFeed, PriceTick } from './price-feed';
import { formatEvent, formatRetry, openEventStream } from './sse-format';

const RETRY_MS = 1000;
const LONG_POLL_TIMEOUT = { fallback: 25_000, min: 0, max: 120_000 };

function answerTick(response: ServerResponse, tick: PriceTick): void {
  response
    .writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(JSON.stringify(tick));
}

export function createPriceEndpoints(feed: PriceFeed): HttpEndpoint[] {
  /** Short polling: the latest tick, whatever the query (clients add `?t=` to defeat caches). */
  const poll: HttpEndpoint = {
    path: '/poll/price',
    serve: ({ response }) => answerTick(response, feed.latest),
  };

  /**
   * Long polling: the latest tick at once if it is newer than `since`, else the next tick
   * when it comes, or 204 after `timeout` ms. A request held when the server closes gets 503.
   */
  const longPoll: HttpEndpoint = {
    path: '/longpoll/price',
    serve({ response, url, scope }) {
      const since = intParam(url.searchParams, 'since', { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
      const timeout = intParam(url.searchParams, 'timeout', LONG_POLL_TIMEOUT);
      if (feed.latest.n > since) return answerTick(response, feed.latest);

      const unsubscribe = feed.subscribe((tick) => {
        unsubscribe();
        answerTick(response, tick);
      });
      scope.onDispose(unsubscribe);
      void scope.delay(timeout).then(() => {
        unsubscribe();
        response.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      });
    },
  };

  /** SSE, for EventSource and fetch() alike: the latest tick at once, then every tick, unnamed, with `id: n`. */
  const sse: HttpEndpoint = {
    path: '/sse/price',
    serve({ response, scope }) {
      openEventStream(response);
      const send = (tick: PriceTick) => response.write(formatEvent({ id: tick.n, data: JSON.stringify(tick) }));
      response.write(formatRetry(RETRY_MS));
      send(feed.latest);
      scope.onDispose(feed.subscribe(send));
    },
  };

  return [poll, longPoll, sse];
}
