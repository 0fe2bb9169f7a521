import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPTURE, HTTP_CAPTURE } from '../../export/events.fixture';
import { isImportedConn } from '../../export';
import { applyEvents } from '../store/apply-events';
import { ORIGIN } from '../store/events.fixture';
import { createStore, type Store } from '../store/store';
import { eventsForExport } from './store-export';
import { createImports, exportFile, importedLabel, parseImport } from './transfer';

/**
 * What a user sees of a store: per connection (in order), its sidebar facts (URL, kind, HTTP
 * details, state, traffic) and its rows without ids (types, methods or statuses, sizes, data).
 */
function rowsByConnection(store: Store, keep: (connId: string) => boolean = () => true): unknown[] {
  const byIndex = store.connectionsByIndex.value;
  const groups = new Map<string, unknown[]>();
  for (let id = store.log.firstId; id < store.log.endId; id++) {
    const { connIndex, seq: _seq, ...row } = store.log.get(id);
    const c = byIndex.get(connIndex)!;
    if (!keep(c.id)) continue;
    const { url, kind, protocol, requestedProtocols, state, http, messagesIn, messagesOut, bytesIn, bytesOut, startTime, endTime } = c;
    const group = groups.get(c.id) ?? [{ url, kind, protocol, requestedProtocols, state, http, messagesIn, messagesOut, bytesIn, bytesOut, startTime, endTime }];
    group.push({ ...row, time: Math.round(row.time * 1000) / 1000 });
    groups.set(c.id, group);
  }
  return [...groups.values()];
}

function liveStore(events = CAPTURE): Store {
  const store = createStore();
  applyEvents(store, ORIGIN, events);
  return store;
}

describe('export from the store and import into it', () => {
  it('turns the rows of streams and polling channels back into the events they came from', () => {
    const events = eventsForExport(liveStore(HTTP_CAPTURE), { connection: null, onlyFiltered: false });
    for (const conn of ['doc1.3', 'doc1.5', 'doc1.6']) {
      // A stream's create is as the store knows it: it began with its request.
      const expected = HTTP_CAPTURE.filter((e) => e.conn === conn).map((e) => (e.type === 'create' && e.requestTime !== undefined ? { ...e, time: e.requestTime } : e));
      expect(events.filter((e) => e.conn === conn)).toEqual(expected);
    }
  });

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

  for (const format of ['har', 'ndjson'] as const) {
    it(`round trips streams and polling channels through ${format.toUpperCase()}: kinds, methods, statuses and sizes come back`, () => {
      const store = liveStore([...CAPTURE, ...HTTP_CAPTURE]);
      const file = exportFile(store, format, { connection: null, onlyFiltered: false });
      const target = createStore();
      const result = createImports(target).load(file.name, file.text);
      expect(result).toMatchObject({ ok: true, connections: 6, skipped: 0 });
      expect(rowsByConnection(target)).toEqual(rowsByConnection(store));

      const [, , sseStream, ndjsonStream, engineIo, interval] = target.connections.value;
      expect(sseStream).toMatchObject({ kind: 'stream', http: { api: 'fetch', method: 'POST', framing: 'sse', status: 200 }, state: { phase: 'closed', code: 0 } });
      expect(ndjsonStream).toMatchObject({ kind: 'stream', http: { api: 'xhr', method: 'GET', framing: 'ndjson', status: 200 }, bytesIn: 7 + 1 + 30_000_000 });
      expect(engineIo).toMatchObject({ kind: 'poll', http: { api: 'xhr', method: 'GET', framing: 'engine.io' }, messagesOut: 5, messagesIn: 5 });
      expect(interval?.http).toEqual({ api: 'fetch', method: 'GET', framing: 'whole', intervalMs: 2000 });
      const pollRows: string[] = [];
      target.log.forEachRetained((id) => {
        const row = target.log.get(id);
        if (row.connIndex === engineIo?.index && row.kind === 'frame') pollRows.push(`${row.dir} ${row.http ?? '-'} ${row.size}`);
      });
      expect(pollRows).toEqual(['out GET 0', 'in 200 90', 'out GET 0', 'out POST 2', 'in 200 2', 'in 200 15', 'in 200 19', 'out GET 0', 'out GET 0', 'in 400 41']);
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
