import type { HttpEndpoint } from './http-endpoint';
import { DEMO_SYMBOL, demoPrice } from './market';
import { choiceParam, flagParam, intParam } from './params';
import { readTextBody } from './request-body';
import { formatEvent, openEventStream, type SseEvent, type SseLineEnding } from './sse-format';
import { createStreamWriter } from './stream-writer';

const RETRY_MS = 3000;
const MAX_BODY_BYTES = 64 * 1024;
const LINE_ENDINGS: Record<'lf' | 'crlf' | 'cr', SseLineEnding> = { lf: '\n', crlf: '\r\n', cr: '\r' };

/** Shared by the endpoints that re-cut their output: 0 = one write per record. */
export const CHUNK_SPEC = { fallback: 0, min: 0, max: 1024 * 1024 };
export const COUNT_SPEC = { fallback: 5, min: 0, max: 10_000 };
export const INTERVAL_SPEC = { fallback: 100, min: 0, max: 60_000 };

/**
 * The n-th event (n ≥ 1) of /stream/sse, cycling through what a parser reading a fetch()
 * body must handle: unnamed JSON, a named event, two data lines, plain text.
 */
export function fetchStreamEvent(n: number, time: number): SseEvent {
  switch (n % 4) {
    case 1:
      return { id: n, data: JSON.stringify({ n, type: 'update', time }) };
    case 2:
      return { id: n, event: 'price', data: JSON.stringify({ n, symbol: DEMO_SYMBOL, price: demoPrice(n), time }) };
    case 3:
      return { id: n, data: `line one of event ${n}\nline two of event ${n}` };
    default:
      return { id: n, data: `plain text event ${n}` };
  }
}

/**
 * An event stream meant for fetch() readers, with the framing choices a parser must survive:
 * line endings (`eol`), a byte-order mark (`bom`), and records re-cut across chunks (`chunk`).
 * A POST's body comes back first, as `event: request` with id 0.
 */
export const streamSseEndpoint: HttpEndpoint = {
  path: '/stream/sse',
  methods: ['GET', 'POST'],
  async serve({ request, response, url, scope }) {
    const params = url.searchParams;
    const count = intParam(params, 'count', COUNT_SPEC);
    const interval = intParam(params, 'interval', INTERVAL_SPEC);
    const chunk = intParam(params, 'chunk', CHUNK_SPEC);
    const eol = LINE_ENDINGS[choiceParam(params, 'eol', ['lf', 'crlf', 'cr'], 'lf')];
    const bom = flagParam(params, 'bom');
    const body = request.method === 'POST' ? await readTextBody(request, MAX_BODY_BYTES) : undefined;

    openEventStream(response);
    const out = createStreamWriter(response, scope, chunk);
    await out.write(`${bom ? '\uFEFF' : ''}retry: ${RETRY_MS}${eol}: comment, ignored by parsers${eol}${eol}`);
    if (body !== undefined) await out.write(formatEvent({ id: 0, event: 'request', data: body }, eol));
    for (let n = 1; n <= count; n += 1) {
      if (n > 1 && interval > 0) await scope.delay(interval);
      await out.write(formatEvent(fetchStreamEvent(n, Date.now()), eol));
    }
    await out.end();
  },
};
