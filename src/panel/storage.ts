/**
 * The panel's storage: `chrome.storage.local`, kept across panel reloads and browser sessions
 * (settings, the composer's history and snippets). Values read back are untrusted: each reader
 * checks them.
 */
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

/** For tests. */
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
