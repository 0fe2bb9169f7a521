import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings, rememberSettings, SETTINGS_KEY } from './settings';
import { memoryStorage } from './storage';
import { createStore } from './store/store';

describe('panel settings', () => {
  it('take only what is valid from storage, and default the rest', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ preserveLog: true, timeMode: 'relative', hideHeartbeats: true })).toEqual({
      ...DEFAULT_SETTINGS,
      preserveLog: true,
      timeMode: 'relative',
      hideHeartbeats: true,
    });
    expect(parseSettings({ preserveLog: 'yes', timeMode: 'sideways', hideHeartbeats: 1 })).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ timeMode: 'delta' }).timeMode).toBe('delta');
    expect(parseSettings({ timeMode: 'clock-us' }).timeMode).toBe('clock-us');
    expect(DEFAULT_SETTINGS.hideHeartbeats).toBe(false);
  });

  it('apply Hide heartbeats to the filter, and store it when it changes, not when the text does', async () => {
    const storage = memoryStorage();
    await storage.set(SETTINGS_KEY, { hideHeartbeats: true });
    const store = createStore();
    await rememberSettings(store, storage);
    expect(store.filter.value.hideHeartbeats).toBe(true);

    const writes: unknown[] = [];
    const set = storage.set;
    storage.set = (key, value) => {
      writes.push(value);
      return set(key, value);
    };
    store.filter.value = { ...store.filter.value, text: 'chat' };
    expect(writes).toEqual([]);
    store.filter.value = { ...store.filter.value, hideHeartbeats: false };
    expect(writes).toEqual([expect.objectContaining({ hideHeartbeats: false })]);
    await expect(storage.get(SETTINGS_KEY)).resolves.toMatchObject({ hideHeartbeats: false });
  });
});
