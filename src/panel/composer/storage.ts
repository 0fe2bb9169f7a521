/**
 * What the composer keeps in the panel's storage (see ../storage.ts): history and snippets,
 * keyed by the origin the connection talks to, since messages make sense only to the server
 * they were written for.
 */
import type { Draft, DraftFormat } from './encode';

export const historyKey = (origin: string): string => `frametap:history:${origin}`;
export const snippetsKey = (origin: string): string => `frametap:snippets:${origin}`;

const FORMATS: readonly DraftFormat[] = ['text', 'json', 'hex', 'base64'];

export function isDraft(x: unknown): x is Draft {
  if (typeof x !== 'object' || x === null) return false;
  const { text, format } = x as Record<string, unknown>;
  return typeof text === 'string' && FORMATS.includes(format as DraftFormat);
}
