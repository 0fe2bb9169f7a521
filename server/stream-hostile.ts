/**
 * Streams that misbehave, for robustness tests: one that never ends, records too big to
 * buffer, a line that never ends, invalid UTF-8, and a response cut off mid-event. Every one
 * is bounded: sizes are capped, and the huge records share a budget of bytes in flight.
 */
import type { ServerResponse } from 'node:http';
import type { HttpEndpoint } from './http-endpoint';
import { HttpError } from './http-error';
import { choiceParam, intParam } from './params';
import type { Scope } from './scope';
import { formatEvent, openEventStream } from './sse-format';
import { priceRecord } from './stream-ndjson';
import { fetchStreamEvent } from './stream-sse';
import { createStreamWriter, openStream } from './stream-writer';

const MiB = 1024 * 1024;
const MAX_SIZE = 128 * MiB;
/** Huge responses held at once, in bytes: two of the largest. */
const HUGE_BUDGET = 2 * MAX_SIZE;
/** Pause between the writes of the short scripted streams, so they arrive as separate reads. */
const STEP_MS = 20;

/** The SSE endpoint a fetch() reader can only stop by going away (or the server closing). */
const endless: HttpEndpoint = {
  path: '/stream/endless',
  async serve({ response, url, scope }) {
    const interval = intParam(url.searchParams, 'interval', { fallback: 50, min: 1, max: 60_000 });
    openEventStream(response);
    const out = createStreamWriter(response, scope);
    for (let n = 1; ; n += 1) {
      await out.write(formatEvent(fetchStreamEvent(n, Date.now())));
      await scope.delay(interval);
    }
  },
};

/**
 * One record of exactly `size` bytes (an NDJSON line with its LF, or an SSE event with its
 * blank line) in a single write, then a small normal record. One buffer per response, built
 * in place; responses beyond the shared budget get 503.
 */
function createHugeEndpoint(): HttpEndpoint {
  let inFlight = 0;
  return {
    path: '/stream/huge',
    serve({ response, url, scope }) {
      const size = intParam(url.searchParams, 'size', { fallback: 100 * MiB, min: 64, max: MAX_SIZE });
      const type = choiceParam(url.searchParams, 'type', ['ndjson', 'sse'], 'ndjson');
      if (inFlight + size > HUGE_BUDGET) throw new HttpError(503, 'too many huge responses at once; try again');
      inFlight += size;
      scope.onDispose(() => (inFlight -= size));

      const [head, tail] = type === 'sse' ? ['data: {"n":1,"pad":"', '"}\n\n'] : ['{"n":1,"pad":"', '"}\n'];
      const record = Buffer.allocUnsafe(size).fill('x');
      record.write(head, 0);
      record.write(tail, size - tail.length);
      const next = type === 'sse' ? formatEvent({ id: 2, data: priceRecord(2, Date.now()) }) : `${priceRecord(2, Date.now())}\n`;

      if (type === 'sse') openEventStream(response);
      else openStream(response, 'application/x-ndjson');
      response.write(record);
      response.end(next);
    },
  };
}

/** `data: ` and `size` bytes that no newline ever ends; then the response ends. */
const longLine: HttpEndpoint = {
  path: '/stream/long-line',
  async serve({ response, url, scope }) {
    const size = intParam(url.searchParams, 'size', { fallback: 10 * MiB, min: 1, max: MAX_SIZE });
    openEventStream(response);
    const out = createStreamWriter(response, scope);
    await out.write('data: ');
    // One shared MiB of filler, written again and again, rather than `size` bytes at once.
    const filler = Buffer.alloc(Math.min(size, MiB), 'x');
    for (let left = size; left > 0; left -= filler.length) await out.write(left >= filler.length ? filler : filler.subarray(0, left));
    await out.end();
  },
};

/** The invalid-UTF-8 stream, one buffer per write. */
const INVALID_UTF8_WRITES: Buffer[] = [
  Buffer.concat([Buffer.from('id: 1\ndata: lone bytes '), Buffer.from([0xff, 0xfe]), Buffer.from(' here\n\n')]),
  Buffer.concat([Buffer.from('id: 2\ndata: truncated '), Buffer.from([0xe2, 0x82]), Buffer.from(' sequence\n\n')]),
  Buffer.concat([Buffer.from('id: 3\ndata: overlong '), Buffer.from([0xc0, 0xaf]), Buffer.from(' surrogate '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n\n')]),
  // A valid euro sign (E2 82 AC) split across two writes: only a streaming decoder gets it right.
  Buffer.concat([Buffer.from('id: 4\ndata: split '), Buffer.from([0xe2])]),
  Buffer.concat([Buffer.from([0x82, 0xac]), Buffer.from(' sign\n\n')]),
  Buffer.from('id: 5\ndata: {"valid":true}\n\n'),
];

const invalidUtf8: HttpEndpoint = {
  path: '/stream/invalid-utf8',
  async serve({ response, scope }) {
    openEventStream(response);
    await writeScript(response, scope, INVALID_UTF8_WRITES);
  },
};

/** Two whole events, then half of a third; then the server ends the response. */
const cut: HttpEndpoint = {
  path: '/stream/cut',
  async serve({ response, scope }) {
    openEventStream(response);
    await writeScript(response, scope, [
      formatEvent(fetchStreamEvent(1, Date.now())),
      formatEvent(fetchStreamEvent(2, Date.now())),
      'id: 3\ndata: {"n":3,"type":"upd',
    ]);
  },
};

/** Each item one write, `STEP_MS` apart, then the end of the response. */
async function writeScript(response: ServerResponse, scope: Scope, writes: Array<string | Buffer>): Promise<void> {
  const out = createStreamWriter(response, scope);
  for (const [i, data] of writes.entries()) {
    if (i > 0) await scope.delay(STEP_MS);
    await out.write(data);
  }
  await out.end();
}

export function createHostileEndpoints(): HttpEndpoint[] {
  return [endless, createHugeEndpoint(), longLine, invalidUtf8, cut];
}
