import { describe, expect, it } from 'vitest';
import { applyEvents } from '../store/apply-events';
import { close, create, frame, ORIGIN } from '../store/events.fixture';
import { createStore } from '../store/store';
import { holdKey, pausedToOffer, releaseCommand } from './paused-queue';

function storeWithPaused() {
  const store = createStore();
  applyEvents(store, ORIGIN, [
    create('a'),
    create('b'),
    frame('a', 1, { dir: 'out', data: 'first', rule: 'p', action: 'pause', hold: 1 }),
    frame('b', 1, { dir: 'out', data: 'second', rule: 'p', action: 'pause', hold: 1 }),
    frame('a', 2, { dir: 'out', data: 'third', rule: 'p', action: 'pause', hold: 2 }),
  ]);
  return store;
}

describe('paused queue', () => {
  it('offers the paused messages oldest first, without those being let go or of closed connections', () => {
    const store = storeWithPaused();
    const offer = (releasing: Set<string> = new Set()) => pausedToOffer(store.paused.value, store.connections.value, releasing).map((p) => p.data);
    expect(offer()).toEqual(['first', 'second', 'third']);
    expect(offer(new Set([holdKey({ conn: 'a', hold: 1 })]))).toEqual(['second', 'third']);
    applyEvents(store, ORIGIN, [close('b', 2)]);
    expect(offer()).toEqual(['first', 'third']);
  });

  it('sends the text only when the user edited it, and never for what cannot be edited', () => {
    const [first] = storeWithPaused().paused.value;
    expect(releaseCommand(first!, { drop: false, text: 'first' })).toEqual({ op: 'release', conn: 'a', hold: 1, drop: false });
    expect(releaseCommand(first!, { drop: false, text: 'FIRST' })).toEqual({ op: 'release', conn: 'a', hold: 1, drop: false, data: 'FIRST' });
    expect(releaseCommand(first!, { drop: true })).toEqual({ op: 'release', conn: 'a', hold: 1, drop: true });
    expect(releaseCommand({ ...first!, truncated: true }, { drop: false, text: 'FIRST' })).toEqual({ op: 'release', conn: 'a', hold: 1, drop: false });
  });
});
