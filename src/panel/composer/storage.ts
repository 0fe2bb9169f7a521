/**
 * Where the composer keeps history and snippets: `chrome.storage.local` (kept across panel
 * reloads and browser sessions), keyed by the origin the connection talks to, since messages
 * make sense only to the server they were written for.
 */
import type { Draft, DraftFormat } from './encode';

export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export function chromeLocalStorage(): KeyValueStorage {
  return {
    get: async (key) => (await chrome.storage.local.get(key))[key],
    set: (key, value) => chrome.storage.local.set({ [key]: value }),
  };
}

/** For tests, and for a panel started without extension APIs. */
export function memoryStorage(): KeyValueStorage {
  const values = new Map<string, unknown>();
  return {
    get: (key) => Promise.resolve(values.get(key)),
    set: (key, value) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

export const historyKey = (origin: string): string => `frametap:history:${origin}`;
export const snippetsKey = (origin: string): string => `frametap:snippets:${origin}`;

const FORMATS: readonly DraftFormat[] = ['text', 'json', 'hex', 'base64'];

export function isDraft(x: unknown): x is Draft {
  if (typeof x !== 'object' || x === null) return false;
  const { text, format } = x as Record<string, unknown>;
  return typeof text === 'string' && FORMATS.includes(format as DraftFormat);
}
