import type { HttpEndpoint } from './http-endpoint';
import { intParam } from './params';
import { priceRecord } from './stream-ndjson';
import { COUNT_SPEC, INTERVAL_SPEC } from './stream-sse';
import { createStreamWriter, openStream } from './stream-writer';

export const MULTIPART_BOUNDARY = 'frametap';

/**
 * `multipart/x-mixed-replace` (the MJPEG-style push a browser renders part by part): each
 * part a JSON body with its own Content-Type and Content-Length, then the closing delimiter.
 */
export const streamMultipartEndpoint: HttpEndpoint = {
  path: '/stream/multipart',
  async serve({ response, url, scope }) {
    const count = intParam(url.searchParams, 'count', { ...COUNT_SPEC, fallback: 3 });
    const interval = intParam(url.searchParams, 'interval', INTERVAL_SPEC);

    openStream(response, `multipart/x-mixed-replace; boundary=${MULTIPART_BOUNDARY}`);
    const out = createStreamWriter(response, scope);
    for (let n = 1; n <= count; n += 1) {
      if (n > 1 && interval > 0) await scope.delay(interval);
      const body = priceRecord(n, Date.now());
      await out.write(
        `--${MULTIPART_BOUNDARY}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}\r\n`,
      );
    }
    await out.write(`--${MULTIPART_BOUNDARY}--\r\n`);
    await out.end();
  },
};
