/**
 * Reading untrusted JSON values field by field: each reader returns undefined for a wrong type.
 * (`isRecord` is the protocol guards' and `parseJson` the decoders': one of each in the codebase.)
 */
export { isRecord, type Rec } from '../shared/guards';
export { parseJson } from '../decode/text';
import type { ConnKind, Framing, HttpApi } from '../shared/protocol';

export const stringOf = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

export const finiteOf = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

export const boolOf = (x: unknown): boolean | undefined => (typeof x === 'boolean' ? x : undefined);

export const oneOf = <T>(values: readonly T[], x: unknown): T | undefined => values.find((v) => v === x);

export const CONN_KINDS: readonly ConnKind[] = ['ws', 'sse', 'stream', 'poll'];
export const HTTP_APIS: readonly HttpApi[] = ['fetch', 'xhr'];
export const FRAMINGS: readonly Framing[] = ['sse', 'ndjson', 'json-seq', 'multipart', 'engine.io', 'sockjs', 'signalr', 'whole'];

/** The optional fields `keys` that `source` has, and no key for those it has not. */
export function present<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}
