/**
 * The page backlog budget as the panel's Settings read and write it. It is stored apart from the
 * panel's own settings because the service worker reads it too, and hands it to every tab.
 */
import { PAGE_BACKLOG_KEY, validBacklogBytes } from '../shared/page-backlog';
import type { KeyValueStorage } from './storage';

export const readPageBacklogBytes = async (storage: KeyValueStorage): Promise<number> => validBacklogBytes(await storage.get(PAGE_BACKLOG_KEY));

export const writePageBacklogBytes = (storage: KeyValueStorage, bytes: number): Promise<void> => storage.set(PAGE_BACKLOG_KEY, validBacklogBytes(bytes));
