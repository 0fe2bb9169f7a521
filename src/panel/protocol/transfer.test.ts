import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPTURE } from '../../export/events.fixture';
import { isImportedConn } from '../../export';
import { applyEvents } from '../store/apply-events';
import { ORIGIN } from '../store/events.fixture';
import { createStore, type Store } from '../store/store';
import { eventsForExport } from './store-export';
import { createImports, exportFile, importedLabel, parseImport } from './transfer';

/** What a user sees of a store: per connection (in order), its URL and its rows without ids. */
function rowsByConnection(store: Store, keep: (connId: string) => boolean = () => true): unknown[] {
  const byIndex = store.connectionsByIndex.value;
  const groups = new Map<string, unknown[]>();
  for (let id = store.log.firstId; id < store.log.endId; id++) {
    const { connIndex, seq: _seq, ...row } = store.log.get(id);
    const c = byIndex.get(connIndex)!;
    if (!keep(c.id)) continue;
    const group = groups.get(c.id) ?? [c.url, c.kind, c.protocol, c.requestedProtocols, c.state];
    group.push({ ...row, time: Math.round(row.time * 1000) / 1000 });
    groups.set(c.id, group);
  }
  return [...groups.values()];
}

function liveStore(): Store {
  const store = createStore();
  applyEvents(store, ORIGIN, CAPTURE);
  return store;
}

describe('export from the store and import into it', () => {
  it('turns the rows back into the events they came from', () => {
    const events = eventsForExport(liveStore(), { connection: null, onlyFiltered: false });
    // Ordered by log row rather than time, each connection led by its create.
    const byConn = (conn: string) => events.filter((e) => e.conn === conn);
    expect(byConn('doc1.1')).toEqual(CAPTURE.filter((e) => e.conn === 'doc1.1'));
    // The store does not keep an EventSource's withCredentials flag.
    const sse = CAPTURE.filter((e) => e.conn === 'doc1.2').map((e) => (e.type === 'create' ? { ...e, withCredentials: false } : e));
    expect(byConn('doc1.2')).toEqual(sse);
  });

  for (const format of ['har', 'ndjson'] as const) {
    it(`round trips the whole tab through ${format.toUpperCase()}: the same messages come back, marked imported`, () => {
      const store = liveStore();
      const file = exportFile(store, format, { connection: null, onlyFiltered: false }, new Date(Date.UTC(2025, 4, 14, 9, 20, 11)));
      expect(file.name).toBe(`frametap-tab-2025-05-14T09-20-11.${format}`);

      const target = createStore();
      const imports = createImports(target);
      const result = imports.load(file.name, file.text);
      expect(result).toMatchObject({ ok: true, connections: 2, frames: 7, skipped: 0 });
      expect(rowsByConnection(target)).toEqual(rowsByConnection(store));
      const ids = target.connections.value.map((c) => c.id);
      expect(ids.every(isImportedConn)).toBe(true);
      expect(ids.map((id) => imports.sources.value.get(id))).toEqual([file.name, file.name]);
    });
  }

  it('exports one connection alone', () => {
    const store = liveStore();
    const file = exportFile(store, 'har', { connection: 'doc1.2', onlyFiltered: false });
    const target = createStore();
    createImports(target).load(file.name, file.text);
    expect(rowsByConnection(target)).toEqual(rowsByConnection(store, (id) => id === 'doc1.2'));
  });

  it('exports only what the filter shows when asked', () => {
    const store = liveStore();
    store.filter.value = { ...store.filter.value, text: 'ping' };
    const events = eventsForExport(store, { connection: null, onlyFiltered: true });
    expect(events.map((e) => [e.type, e.type === 'frame' ? e.data : e.conn])).toEqual([
      ['create', 'doc1.1'],
      ['frame', 'ping'],
    ]);
  });

  it('opens a HAR saved by Chrome DevTools', () => {
    const text = readFileSync(new URL('../../export/fixtures/chrome-websocket.har', import.meta.url), 'utf8');
    const target = createStore();
    const result = createImports(target).load('chrome.har', text);
    expect(result.ok).toBe(true);
    expect(target.connections.value.length).toBeGreaterThan(0);
    expect(target.log.endId).toBeGreaterThan(0);
  });

  it('refuses what is neither HAR nor NDJSON, saying why', () => {
    const result = parseImport('hello');
    expect(result).toEqual({ ok: false, error: expect.stringContaining('Neither a HAR file') });
    expect(importedLabel('x.har')).toBe('imported: x.har');
  });
});
