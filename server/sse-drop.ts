import type { HttpEndpoint } from './http-endpoint';
import { readIntParam } from './query';
import { demoEvent } from './sse-events';
import { formatEvent, formatRetry, openEventStream, readLastEventId } from './sse-format';

const RETRY_MS = 500;

/** Reconnections served before the endpoint answers 204, which tells the browser to stop. */
const MAX_RECONNECTS = 3;

/**
 * A stream the server keeps dropping: `retry: 500`, `after` events, then the response ends.
 * The browser reconnects with `Last-Event-ID` and the ids carry on from there. Stateless:
 * the reconnection number is read off that id (`Last-Event-ID / after`), and the
 * connection after the third reconnection gets 204 No Content, so the browser gives up
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#fail-the-connection).
 */
export const sseDropEndpoint: HttpEndpoint = {
  path: '/sse/drop',
  serve({ request, response, url }) {
    const after = readIntParam(url.searchParams, 'after', { fallback: 3, min: 1, max: 1000 });
    const lastEventId = readLastEventId(request) ?? 0;
    if (Math.floor(lastEventId / after) > MAX_RECONNECTS) {
      response.writeHead(204).end();
      return;
    }

    openEventStream(response);
    response.write(formatRetry(RETRY_MS));
    for (let id = lastEventId + 1; id <= lastEventId + after; id += 1) {
      response.write(formatEvent(demoEvent(id, Date.now())));
    }
    response.end();
  },
};
