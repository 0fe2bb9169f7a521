/**
 * Reading untrusted JSON values field by field: each reader returns undefined for a wrong type.
 * (`isRecord` and `parseJson` come from the decoders' helpers, which need them too.)
 */
export { isRecord, parseJson, type Rec } from '../decode/text';

export const stringOf = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

export const finiteOf = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

export const boolOf = (x: unknown): boolean | undefined => (typeof x === 'boolean' ? x : undefined);
