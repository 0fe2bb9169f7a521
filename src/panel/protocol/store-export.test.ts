import { describe, expect, it } from 'vitest';
import { applyEvents } from '../store/apply-events';
import { create, frame, logEntry, ORIGIN } from '../store/events.fixture';
import { createStore } from '../store/store';
import { fromNdjson, toNdjson } from '../../export/ndjson';
import { eventOfRow, eventsForExport } from './store-export';

describe('store export', () => {
  it('exports the messages a flood pinned, in order, led by their create', () => {
    const store = createStore({ maxMessages: 3 });
    applyEvents(store, ORIGIN, [create('quiet'), frame('quiet', 1, { data: 'still here' }), create('loud'), ...[1, 2, 3, 4].map((s) => frame('loud', s, { data: `l${s}` }))]);
    expect(store.log.pinnedIds()).toHaveLength(1);
    const summary = (e: ReturnType<typeof eventsForExport>[number]): string => (e.type === 'frame' ? `${e.conn} ${e.data}` : `${e.conn} ${e.type}`);
    expect(eventsForExport(store, { connection: null, onlyFiltered: false }).map(summary)).toEqual(['quiet create', 'quiet still here', 'loud create', 'loud l3', 'loud l4']);
    expect(eventsForExport(store, { connection: 'quiet', onlyFiltered: false }).map(summary)).toEqual(['quiet create', 'quiet still here']);
  });

  it('exports no event for a gap row: its events never arrived', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [create('a')]);
    const gap = logEntry({ kind: 'gap', dir: null, seq: 3, data: '2 messages lost here (seq 3–4)' });
    expect(eventOfRow(gap, store.connections.value[0]!)).toBeNull();
  });

  it('gives a poll’s rows back their method or status, and an odd incoming text back as it reads', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [create('p', { kind: 'poll', api: 'xhr', method: 'GET', framing: 'engine.io' })]);
    const c = store.connections.value[0]!;
    const fieldsOf = (over: Parameters<typeof logEntry>[0]) => {
      const event = eventOfRow(logEntry(over), c);
      return event?.type === 'frame' ? [event.method, event.status] : null;
    };
    expect(fieldsOf({ dir: 'out', http: 'POST' })).toEqual(['POST', undefined]);
    expect(fieldsOf({ dir: 'in', http: '204' })).toEqual([undefined, 204]);
    expect(fieldsOf({ dir: 'in', http: 'PATCH' })).toEqual(['PATCH', undefined]);
    expect(fieldsOf({ dir: 'in' })).toEqual([undefined, undefined]);
  });

  it('exports what a rule did to each message, and a paused one’s release right after it, and reads them back', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [
      create('a'),
      frame('a', 1, { data: 'held', rule: 'r1', action: 'pause', hold: 0 }),
      { type: 'release', conn: 'a', seq: 2, time: 2, hold: 0, outcome: 'edited', data: 'edited', size: 6, truncated: false },
      frame('a', 3, { data: 'cat', rule: 'r2', action: 'rewrite', delivered: 'dog', deliveredSize: 3, deliveredTruncated: false }),
    ]);
    const events = eventsForExport(store, { connection: null, onlyFiltered: false });
    expect(events.map((e) => e.type)).toEqual(['create', 'frame', 'release', 'frame']);
    expect(events[1]).toMatchObject({ rule: 'r1', action: 'pause', hold: 0 });
    expect(events[2]).toMatchObject({ type: 'release', hold: 0, outcome: 'edited', data: 'edited' });
    expect(events[3]).toMatchObject({ rule: 'r2', action: 'rewrite', delivered: 'dog' });
    const imported = fromNdjson(toNdjson(events, { version: 'test' }));
    if (!imported.ok) throw new Error(imported.error);
    const back = imported.events.filter((e) => e.type === 'frame' || e.type === 'release');
    expect(back.map((e) => (e.type === 'frame' ? [e.action, e.delivered] : [e.type, e.outcome]))).toEqual([
      ['pause', undefined],
      ['release', 'edited'],
      ['rewrite', 'dog'],
    ]);
  });
});
