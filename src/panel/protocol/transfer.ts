/**
 * Export and import as the panel offers them: a file's name, type and text from the store, and a
 * file's text into the store, its connections marked as imported from that file.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import manifest from '../../../manifest.json' with { type: 'json' };
import { fromHar, fromNdjson, toHar, toNdjson, type ImportResult } from '../../export';
import type { ConnId } from '../../shared/protocol';
import { applyEvents } from '../store/apply-events';
import type { Store } from '../store/store';
import { eventsForExport, IMPORT_ORIGIN, type ExportScope } from './store-export';

export type ExportFormat = 'har' | 'ndjson';

export interface ExportFile {
  name: string;
  type: string;
  text: string;
}

/** `2025-05-14T09-20-11`: sortable, and valid in a file name everywhere. */
const stamp = (date: Date): string => date.toISOString().slice(0, 19).replace(/:/g, '-');

export function exportFile(store: Store, format: ExportFormat, scope: ExportScope, now = new Date()): ExportFile {
  const events = eventsForExport(store, scope);
  const options = { version: manifest.version };
  const what = scope.connection === null ? 'tab' : 'connection';
  const name = `frametap-${what}-${stamp(now)}.${format === 'har' ? 'har' : 'ndjson'}`;
  return format === 'har'
    ? { name, type: 'application/json', text: toHar(events, options) }
    : { name, type: 'application/x-ndjson', text: toNdjson(events, options) };
}

/** A HAR (Frametap's or a browser's) or Frametap's NDJSON, whichever the text is. */
export function parseImport(text: string): ImportResult {
  const har = fromHar(text);
  if (har.ok) return har;
  const ndjson = fromNdjson(text);
  return ndjson.ok ? ndjson : { ok: false, error: `Neither a HAR file (${har.error}) nor Frametap NDJSON (${ndjson.error})` };
}

export interface Imports {
  /** The file each imported connection came from. */
  readonly sources: ReadonlySignal<ReadonlyMap<ConnId, string>>;
  /** Loads a file's connections into the store; the outcome says what came of it. */
  load(fileName: string, text: string): ImportResult;
}

export function createImports(store: Store): Imports {
  const sources = signal<ReadonlyMap<ConnId, string>>(new Map());
  return {
    sources,
    load(fileName, text) {
      const result = parseImport(text);
      if (!result.ok) return result;
      const next = new Map(sources.peek());
      for (const event of result.events) if (event.type === 'create') next.set(event.conn, fileName);
      sources.value = next;
      applyEvents(store, IMPORT_ORIGIN, result.events);
      return result;
    },
  };
}

/** "imported: capture.har", how the panel names an imported connection's origin. */
export const importedLabel = (fileName: string): string => `imported: ${fileName}`;
