// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyEvents } from '../store/apply-events';
import { create, frame, open, ORIGIN } from '../store/events.fixture';
import { createStore, type Store } from '../store/store';
import { mountWithPanelApp, unmountAll } from '../mount.fixture';
import { ConnectionList } from './ConnectionList';
import { ConnectionPicker } from './ConnectionPicker';

beforeAll(() => {
  // jsdom lays nothing out.
  Element.prototype.scrollIntoView = function scrollIntoView(): void {};
});

afterEach(unmountAll);

const mount = (store: Store): HTMLElement => mountWithPanelApp(store, (
  <>
    <ConnectionPicker open={false} onToggle={() => undefined} />
    <ConnectionList />
  </>
));

const options = (root: ParentNode): HTMLElement[] => Array.from(root.querySelectorAll<HTMLElement>('[role="option"]'));
const engineIo = { kind: 'poll' as const, api: 'xhr' as const, method: 'GET', framing: 'engine.io' as const };

describe('the sidebar’s sessions', () => {
  it('lists a polling channel alone until its WebSocket comes, then both as one session; selecting it selects the WebSocket', () => {
    const store = createStore();
    const root = mount(store);
    act(() =>
      applyEvents(store, ORIGIN, [
        create('other', { url: 'ws://demo.test/ws/echo' }),
        create('poll', { url: 'http://demo.test/socket.io/?EIO=4&transport=polling', ...engineIo }),
        frame('poll', 1, { dir: 'out', data: '', method: 'GET' }),
        frame('poll', 2, { data: '0{"sid":"abc","upgrades":["websocket"],"maxPayload":1000000}', status: 200 }),
      ]),
    );
    expect(options(root).map((o) => o.textContent)).toEqual(['All connections', expect.stringContaining('/ws/echo'), expect.stringContaining('transport=polling')]);

    act(() => applyEvents(store, ORIGIN, [create('ws', { url: 'ws://demo.test/socket.io/?EIO=4&transport=websocket&sid=abc' }), open('ws', 1)]));
    const [, , session] = options(root);
    expect(options(root)).toHaveLength(3);
    expect(session!.textContent).toMatch(/^POLL→WSSocket\.IO sessionabc · \/socket\.io\/\?EIO=4&transport=polling · demo\.test/);
    expect(Array.from(session!.querySelectorAll('.badge')).map((b) => b.textContent)).toEqual(['POLL→WS', 'POLL', 'WS']);
    expect(session!.title).toContain('Socket.IO session abc');

    act(() => session!.click());
    expect(store.selectedConnId.value).toBe('ws');
    expect(options(root)[2]!.getAttribute('aria-selected')).toBe('true');
    expect(root.querySelector('.connection-picker-label')!.textContent).toBe('Socket.IO session · /socket.io/?EIO=4&transport=polling · demo.test');
    expect(root.querySelector('.connection-picker-count')!.textContent).toBe('2');

    // The keyboard steps over the session as one entry.
    const list = root.querySelector<HTMLElement>('[role="listbox"]')!;
    act(() => void list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true })));
    expect(store.selectedConnId.value).toBe('other');
    act(() => void list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })));
    expect(store.selectedConnId.value).toBe('ws');
  });
});
