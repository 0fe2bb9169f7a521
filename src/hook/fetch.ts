/**
 * Captures the fetch responses capture-rules.ts picks. `fetch` is wrapped like the WebSocket
 * constructor: a Proxy, errors as the native's. The page gets a promise of its very Response;
 * when it settles, the hook looks at the response's URL and Content-Type (nothing else of an
 * ordinary response is touched) and, for a captured one, taps its body (body-tap.ts).
 *
 * The page's promise is one the hook derives from the native's (disguise.ts' settleAsNative), so
 * that an unhandled rejection stays unhandled, as without Frametap.
 */
import { tapResponse } from './body-tap';
import { isTextualType, type CaptureRules } from './capture-rules';
import { applyNative, ownerOf, replaceValue, settleAsNative, wrapNative, type AnyFunction } from './disguise';
import type { Emit } from './emitter';
import { captureExchange } from './http-capture';
import { headersGet, nativeFetch, requestMethod, responseHeaders, responseStatus, responseType, responseUrl } from './http-natives';
import { apply, now, read } from './natives';
import { field } from './relay-text';
import { requestBodyOf } from './request-body';
import { fetchStreamRunner } from './stream-commands';
import { registerTarget } from './targets';

/** An own data property of the dictionary the page passed, read without running any getter of it. */
const ownValue = (dictionary: unknown, key: string): unknown =>
  typeof dictionary === 'object' && dictionary !== null ? field(dictionary, key) : undefined;

function methodOf(input: unknown, init: unknown): string {
  const method = ownValue(init, 'method');
  if (typeof method === 'string') return method;
  // A string or a URL is a GET; only a Request (an object) knows otherwise.
  if (typeof input !== 'object' || input === null) return 'GET';
  try {
    return read(requestMethod, input);
  } catch {
    return 'GET';
  }
}

/** The statuses whose responses have no body (Fetch standard). */
const isNullBodyStatus = (status: number): boolean => status === 101 || status === 103 || status === 204 || status === 205 || status === 304;

function inspect(emit: Emit, rules: CaptureRules, response: Response, input: unknown, init: unknown, requestTime: number): void {
  const type = read(responseType, response);
  // Opaque responses show nothing to the page, so nothing to Frametap.
  if (type !== 'basic' && type !== 'cors' && type !== 'default') return;
  const url = read(responseUrl, response);
  const contentType = apply(headersGet, read(responseHeaders, response), ['content-type']) as string | null;
  const method = methodOf(input, init);
  const status = read(responseStatus, response);
  const capture = rules.captureOf(method, url, contentType, requestTime);
  if (!capture) return;
  const sink = captureExchange(emit, capture, {
    api: 'fetch',
    method,
    url,
    requestTime,
    status,
    textual: contentType === null || isTextualType(contentType),
    body: requestBodyOf(ownValue(init, 'body')),
  });
  if (!sink) return;
  // Its body is left alone until the page asks for it: the native one starts filling its queue
  // once made, and would then hand a reader what it queued rather than what it reads now.
  if (method === 'HEAD' || isNullBodyStatus(status)) return sink.end();
  tapResponse(response, sink);
  if (sink.kind === 'stream') registerTarget(sink.connection, response, fetchStreamRunner(sink, capture));
}

export function hookFetch(emit: Emit, rules: CaptureRules): void {
  function fetchTrap(target: AnyFunction, thisArg: unknown, args: unknown[]): Promise<Response> {
    const requestTime = now();
    const promise = applyNative<Promise<Response>>(fetchTrap, target, thisArg, args);
    const input = args[0];
    const init = args[1];
    return settleAsNative(promise, args, (response) => {
      try {
        inspect(emit, rules, response, input, init, requestTime);
      } catch {
        // Capture must never disturb the page: this response is only not captured.
      }
      return response;
    });
  }
  replaceValue(ownerOf(globalThis, 'fetch'), 'fetch', wrapNative(nativeFetch, { apply: fetchTrap }));
}
