import { describe, expect, it } from 'vitest';
import { testPanelApp } from '../app.fixture';
import { applyEvents } from '../store/apply-events';
import { create, frame, open, ORIGIN } from '../store/events.fixture';
import { createStore } from '../store/store';

const SOCKET_IO_URL = 'ws://demo.test/socket.io/?EIO=4&transport=websocket';

describe('protocol features in the filter', () => {
  it('hide the heartbeats of decoded connections from the view, live and after a protocol change', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [
      create('sio', { url: SOCKET_IO_URL }),
      open('sio', 1),
      frame('sio', 2, { data: '2' }),
      frame('sio', 3, { dir: 'out', data: '3' }),
      frame('sio', 4, { data: '42/chat,["chat:message"]' }),
    ]);
    const { tracker } = testPanelApp(store);
    const frames = (): string[] => {
      const view = store.view.value;
      return Array.from({ length: view.length }, (_, row) => store.log.get(view.idAt(row)))
        .filter((entry) => entry.kind === 'frame')
        .map((entry) => entry.data);
    };

    store.filter.value = { ...store.filter.value, hideHeartbeats: true };
    expect(frames()).toEqual(['42/chat,["chat:message"]']);

    applyEvents(store, ORIGIN, [frame('sio', 5, { data: '2' }), frame('sio', 6, { data: '42/chat,["room:joined"]' })]);
    expect(frames()).toEqual(['42/chat,["chat:message"]', '42/chat,["room:joined"]']);

    tracker.setChoice(store.connections.value[0]!.index, 'none');
    expect(frames()).toHaveLength(5);

    tracker.setChoice(store.connections.value[0]!.index, 'auto');
    expect(frames()).toHaveLength(2);
    store.filter.value = { ...store.filter.value, hideHeartbeats: false };
    expect(frames()).toHaveLength(5);
  });
});
