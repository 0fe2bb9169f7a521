// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyEvents } from '../store/apply-events';
import { create, frame, open, ORIGIN } from '../store/events.fixture';
import { createStore, type Store } from '../store/store';
import { documentContainer, mountWithPanelApp, unmountAll } from '../mount.fixture';
import { App } from './App';

beforeAll(() => {
  // jsdom lays nothing out: no ResizeObserver, no scrollIntoView.
  globalThis.ResizeObserver = class {
    observe(): void {}
    disconnect(): void {}
    unobserve(): void {}
  };
  Element.prototype.scrollIntoView = function scrollIntoView(): void {};
});

afterEach(unmountAll);

const mount = (store: Store): HTMLElement => mountWithPanelApp(store, <App />);

const byRole = (root: ParentNode, role: string): HTMLElement[] => Array.from(root.querySelectorAll<HTMLElement>(`[role="${role}"]`));
const key = (target: Element, k: string): void => {
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
  });
};

describe('panel', () => {
  it('says what is missing when rendered without its app', () => {
    const container = documentContainer();
    expect(() => render(<App />, container)).toThrow('usePanelApp() needs a <PanelAppContext.Provider> above it');
  });

  it('says what to do before any connection exists', () => {
    const root = mount(createStore());
    expect(root.textContent).toContain('Open a page that uses WebSocket or EventSource');
    const [listbox] = byRole(root, 'listbox');
    expect(listbox!.getAttribute('aria-label')).toBe('Connections');
    expect(byRole(listbox!, 'option').map((o) => o.textContent)).toEqual(['All connections']);
  });

  it('lists connections and shows their messages as text, never as HTML', () => {
    const store = createStore();
    const root = mount(store);
    act(() =>
      applyEvents(store, ORIGIN, [
        create('a', { url: 'ws://127.0.0.1:8787/ws/echo' }),
        open('a', 1),
        frame('a', 2, { dir: 'out', data: '<img src=x onerror=alert(1)>', size: 28 }),
        frame('a', 3, { opcode: 'binary', data: Buffer.from([0, 1, 255]).toString('base64'), size: 3 }),
      ]),
    );
    const options = byRole(root, 'option');
    expect(options).toHaveLength(2);
    expect(options[1]!.textContent).toContain('/ws/echo · 127.0.0.1:8787');
    expect(options[1]!.title).toBe('ws://127.0.0.1:8787/ws/echo\nFrame: https://example.test');

    const [grid] = byRole(root, 'grid');
    expect(grid!.getAttribute('aria-label')).toBe('Messages');
    expect(grid!.getAttribute('aria-rowcount')).toBe('3');
    const rows = byRole(grid!, 'row');
    expect(rows.map((r) => r.getAttribute('aria-rowindex'))).toEqual(['1', '2', '3']);
    expect(rows[1]!.textContent).toContain('↑');
    expect(rows[1]!.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(root.querySelector('img')).toBeNull();
    expect(rows[2]!.textContent).toContain('↓');
    expect(rows[2]!.textContent).toContain('00 01 ff (3 B)');
  });

  it('moves the selection with the keyboard and shows the message in the details', () => {
    const store = createStore();
    const root = mount(store);
    act(() =>
      applyEvents(store, ORIGIN, [
        create('a'),
        create('b'),
        frame('a', 1, { data: '{"type":"greeting","n":1}' }),
        frame('b', 1, { data: 'from b', event: 'price', lastEventId: '7' }),
      ]),
    );
    const [listbox] = byRole(root, 'listbox');
    key(listbox!, 'ArrowDown');
    expect(store.selectedConnId.value).toBe('a');
    expect(byRole(byRole(root, 'grid')[0]!, 'row')).toHaveLength(1);
    key(listbox!, 'ArrowDown');
    key(listbox!, 'ArrowUp');
    key(listbox!, 'ArrowUp');
    expect(store.selectedConnId.value).toBeNull();

    const [grid] = byRole(root, 'grid');
    key(grid!, 'Home');
    const [details] = byRole(root, 'region');
    expect(details!.getAttribute('aria-label')).toBe('Message details');
    const [tree] = byRole(details!, 'tree');
    expect(byRole(tree!, 'treeitem').map((item) => item.textContent)).toEqual(['▾{…} 2 keys', 'type: "greeting"', 'n: 1']);
    key(grid!, 'ArrowDown');
    expect(details!.textContent).toContain('Last event ID7');
    expect(byRole(grid!, 'row')[1]!.getAttribute('aria-selected')).toBe('true');
  });
});
