import { describe, expect, it } from 'vitest';
import { applyEvents } from '../store/apply-events';
import { create, logEntry, ORIGIN } from '../store/events.fixture';
import { createStore } from '../store/store';
import { eventOfRow } from './store-export';

describe('store export', () => {
  it('exports no event for a gap row: its events never arrived', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [create('a')]);
    const gap = logEntry({ kind: 'gap', dir: null, seq: 3, data: '2 messages lost here (seq 3–4)' });
    expect(eventOfRow(gap, store.connections.value[0]!)).toBeNull();
  });
});
