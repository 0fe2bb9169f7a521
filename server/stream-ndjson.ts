import type { HttpEndpoint } from './http-endpoint';
import { DEMO_SYMBOL, demoPrice } from './market';
import { choiceParam, intParam } from './params';
import { CHUNK_SPEC, COUNT_SPEC, INTERVAL_SPEC } from './stream-sse';
import { createStreamWriter, openStream } from './stream-writer';

/** RFC 7464 record separator: each JSON text sequence record starts with it. */
const RS = '\u001e';

/** `type` → Content-Type and how one record is framed. */
const FORMATS = {
  ndjson: { contentType: 'application/x-ndjson', frame: (json: string) => `${json}\n` },
  jsonl: { contentType: 'application/jsonl', frame: (json: string) => `${json}\n` },
  'json-seq': { contentType: 'application/json-seq', frame: (json: string) => `${RS}${json}\n` },
  'stream+json': { contentType: 'application/stream+json', frame: (json: string) => `${json}\n` },
} as const;

type LineFormat = keyof typeof FORMATS;
const TYPES = Object.keys(FORMATS) as LineFormat[];

export function priceRecord(n: number, time: number): string {
  return JSON.stringify({ n, symbol: DEMO_SYMBOL, price: demoPrice(n), time });
}

/** One JSON object per line (or per RFC 7464 record), `count` of them, `interval` ms apart. */
export const streamNdjsonEndpoint: HttpEndpoint = {
  path: '/stream/ndjson',
  async serve({ response, url, scope }) {
    const params = url.searchParams;
    const count = intParam(params, 'count', COUNT_SPEC);
    const interval = intParam(params, 'interval', INTERVAL_SPEC);
    const chunk = intParam(params, 'chunk', CHUNK_SPEC);
    const { contentType, frame } = FORMATS[choiceParam(params, 'type', TYPES, 'ndjson')];

    openStream(response, contentType);
    const out = createStreamWriter(response, scope, chunk);
    for (let n = 1; n <= count; n += 1) {
      if (n > 1 && interval > 0) await scope.delay(interval);
      await out.write(frame(priceRecord(n, Date.now())));
    }
    await out.end();
  },
};
