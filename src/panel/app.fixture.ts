/** The panel as tests make it: storage that lives as long as the test, and no extension to send commands to. */
import { signal } from '@preact/signals';
import { createPanelApp, type PanelApp } from './app-context';
import type { CommandClient } from './composer/model';
import { memoryStorage } from './storage';
import type { Store } from './store/store';

const offline: CommandClient = () => Promise.resolve({ ok: false, error: 'Not connected to the extension' });

/** `setWorkerCapture`: where a test hears the worker switch; by default nowhere. */
export function testPanelApp(store: Store, setWorkerCapture: PanelApp['setWorkerCapture'] = () => undefined): PanelApp {
  return createPanelApp({
    store,
    commands: offline,
    storage: memoryStorage(),
    syncedStorage: memoryStorage(),
    link: signal('connected'),
    applyPending: () => undefined,
    sendRules: () => undefined,
    setWorkerCapture,
  });
}
