/**
 * JSON-RPC 2.0 (https://www.jsonrpc.org/specification): requests, notifications (no id),
 * responses with `result` or `error`, and batches (arrays of those). Either end may send requests,
 * as over a WebSocket both often do. Responses are named after the method they answer, which the
 * decoder remembers by id.
 */
import type { Direction } from '../shared/protocol';
import { createRecentNames } from './recent-names';
import { resultOf, unparsable } from './result';
import { isRecord, type Rec } from '../shared/guards';
import { clip, idText, parseJson, summaryOf } from './text';
import { requestOf, responseOf, type Decoded, type DecodeResult, type DecoderFrame, type FrameDecoder } from './types';

const MAX_BATCH = 1000;

/** The id as a correlation key: `1` and `"1"` are different ids. */
const keyOf = (id: unknown): string | undefined => (typeof id === 'string' || typeof id === 'number' ? JSON.stringify(id) : undefined);

export function createJsonRpcDecoder(): FrameDecoder {
  const methods = createRecentNames();

  function describe(message: Rec, dir: Direction, note: string | undefined): Decoded | string {
    const id = idText(message.id);
    const key = keyOf(message.id);
    const idPart = id === undefined ? undefined : `#${clip(id)}`;
    const base = { protocol: 'json-rpc' as const, id, note };
    if (typeof message.method === 'string') {
      const method = message.method;
      // A request whose id is absent is a notification; `"id": null` is a (discouraged) request.
      if (!('id' in message)) {
        return { ...base, kind: 'notification', name: method, payload: message.params, summary: summaryOf('notification', clip(method)) };
      }
      if (key !== undefined) methods.remember(requestOf(dir, key).key, method);
      return {
        ...base,
        kind: 'request',
        name: method,
        payload: message.params,
        correlation: key === undefined ? undefined : requestOf(dir, key),
        summary: summaryOf('request', clip(method), idPart),
      };
    }
    const hasResult = 'result' in message;
    if (!hasResult && !('error' in message)) return 'neither a request nor a response';
    const correlation = key === undefined ? undefined : responseOf(dir, key);
    const method = correlation && methods.recall(correlation.key);
    if (correlation) methods.forget(correlation.key);
    if (hasResult) {
      return { ...base, kind: 'result', name: method, payload: message.result, correlation, summary: summaryOf('result', method && clip(method), idPart) };
    }
    const error = isRecord(message.error) ? message.error : {};
    const code = typeof error.code === 'number' ? String(error.code) : undefined;
    const text = typeof error.message === 'string' ? clip(error.message) : undefined;
    return { ...base, kind: 'error', name: method, payload: message.error, correlation, summary: summaryOf('error', method && clip(method), idPart, code, text) };
  }

  function decode(frame: DecoderFrame): DecodeResult {
    if (frame.opcode === 'binary') return { ok: false, note: 'JSON-RPC is text' };
    const parsed = parseJson(frame.data);
    if (!parsed.ok) return unparsable(frame, 'not JSON');
    const batch = Array.isArray(parsed.value);
    const items: unknown[] = batch ? (parsed.value as unknown[]) : [parsed.value];
    if (items.length === 0) return { ok: false, note: 'empty batch' };
    const messages: Decoded[] = [];
    const problems: string[] = [];
    const count = Math.min(items.length, MAX_BATCH);
    for (let i = 0; i < count; i++) {
      const item = items[i];
      const note = batch ? `batch ${i + 1} of ${items.length}` : undefined;
      const result = isRecord(item) ? describe(item, frame.dir, note) : 'batch item is not an object';
      if (typeof result === 'string') problems.push(result);
      else messages.push(result);
    }
    if (items.length > count) problems.push(`batch items past ${MAX_BATCH} not decoded`);
    return resultOf(messages, problems, frame, 'not JSON-RPC');
  }

  return { protocol: 'json-rpc', decode };
}
