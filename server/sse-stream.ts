import { readIntParam } from './query';
import type { HttpEndpoint } from './http-endpoint';
import { demoEvent } from './sse-events';
import { formatEvent, formatRetry, KEEP_ALIVE_COMMENT, openEventStream, readLastEventId } from './sse-format';

const RETRY_MS = 2000;
const KEEP_ALIVE_EVERY = 3;

/**
 * An endless (or `count`-long) event stream: `retry`, then one demo event at once and one
 * per `interval`, a keep-alive comment after every third. Ids continue after the request's
 * `Last-Event-ID`. After `count` events the response ends, so the browser reconnects after
 * `retry` ms and gets the next `count`.
 */
export const sseStreamEndpoint: HttpEndpoint = {
  path: '/sse/stream',
  serve({ request, response, url, scope }) {
    const interval = readIntParam(url.searchParams, 'interval', { fallback: 1000, min: 10, max: 3_600_000 });
    const count = readIntParam(url.searchParams, 'count', { fallback: Infinity, min: 0, max: 1_000_000 });
    const firstId = (readLastEventId(request) ?? 0) + 1;

    openEventStream(response);
    response.write(formatRetry(RETRY_MS));

    let sent = 0;
    /** Writes the next event; false once that was the last one. */
    const sendNext = (): boolean => {
      response.write(formatEvent(demoEvent(firstId + sent, Date.now())));
      sent += 1;
      if (sent % KEEP_ALIVE_EVERY === 0) response.write(KEEP_ALIVE_COMMENT);
      return sent < count;
    };
    if (count === 0 || !sendNext()) {
      response.end();
      return;
    }
    const stop = scope.every(interval, () => {
      if (sendNext()) return;
      stop();
      response.end();
    });
  },
};
