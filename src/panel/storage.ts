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
  return storageArea(chrome.storage.local);
}

/** `chrome.storage.sync`: what the content scripts read too (shared/capture-patterns.ts says why). */
export function chromeSyncStorage(): KeyValueStorage {
  return storageArea(chrome.storage.sync);
}

function storageArea(area: chrome.storage.StorageArea): KeyValueStorage {
  return {
    get: async (key) => (await area.get(key))[key],
    set: (key, value) => area.set({ [key]: value }),
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
