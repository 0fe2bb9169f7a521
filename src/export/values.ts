/**
 * Reading untrusted JSON values field by field: each reader returns undefined for a wrong type.
 * (`isRecord` is the protocol guards' and `parseJson` the decoders': one of each in the codebase.)
 */
export { isRecord, type Rec } from '../shared/guards';
export { parseJson } from '../decode/text';

export const stringOf = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

export const finiteOf = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

export const boolOf = (x: unknown): boolean | undefined => (typeof x === 'boolean' ? x : undefined);
