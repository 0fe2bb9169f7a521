// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyEvents } from '../store/apply-events';
import { create, DEDICATED_WORKER, frame, open, ORIGIN, WORKER_ORIGIN } from '../store/events.fixture';
import { createStore, type Store } from '../store/store';
import { testPanelApp } from '../app.fixture';
import { mountWithPanelApp, unmountAll } from '../mount.fixture';
import { ConnectionList } from './ConnectionList';
import manifest from '../../../manifest.json' with { type: 'json' };
import { buildFor, type BrowserTarget } from '../../../scripts/browser-targets';
import { ConnectionPicker } from './ConnectionPicker';

beforeAll(() => {
  // jsdom lays nothing out.
  Element.prototype.scrollIntoView = function scrollIntoView(): void {};
});

afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
});

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

describe('the sidebar’s worker switch', () => {
  const button = (root: ParentNode, name: string): HTMLButtonElement | undefined =>
    Array.from(root.querySelectorAll('button')).find((b) => b.textContent === name);

  /** A click, and the browser's answer to the permission request it makes. */
  const click = (target: HTMLElement): Promise<void> =>
    act(async () => {
      target.click();
      await new Promise((resolve) => setTimeout(resolve, 0));
    });

  function setup(granted: boolean, browser: BrowserTarget = 'chrome') {
    const request = vi.fn((_: chrome.permissions.Permissions) => Promise.resolve(granted));
    const built = buildFor(browser, manifest).manifest;
    vi.stubGlobal('chrome', { permissions: { request }, runtime: { getManifest: () => built } });
    const store = createStore();
    const switched: boolean[] = [];
    const root = mountWithPanelApp(store, <ConnectionList />, testPanelApp(store, (on) => switched.push(on)));
    return { store, root, request, switched };
  }

  it('asks for the debugger permission from the click, then for worker capture; says it is on, through the debugger, and stops', async () => {
    const { store, root, request, switched } = setup(true);
    const group = root.querySelector('[role="group"][aria-label="Worker traffic"]')!;
    expect(group).not.toBeNull();
    await click(button(group, 'Show worker traffic')!);
    expect(request).toHaveBeenCalledWith({ permissions: ['debugger'] });
    expect(switched).toEqual([true]);
    // Off until the service worker says otherwise.
    expect(button(group, 'Show worker traffic')).toBeDefined();

    act(() => void (store.workers.value = { on: true }));
    expect(group.textContent).toContain('Chrome’s debugger');
    act(() => button(group, 'Stop')!.click());
    expect(switched).toEqual([true, false]);
  });

  it('says why when the permission is refused or the service worker stopped', async () => {
    const { store, root, switched } = setup(false);
    act(() => void (store.workers.value = { on: false, error: 'Another debugger is attached to the tab' }));
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Another debugger is attached to the tab');
    await click(button(root, 'Show worker traffic')!);
    expect(switched).toEqual([]);
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Chrome did not grant Frametap the debugger permission.');
  });

  it('says worker traffic is Chrome’s where the build has no debugger (Firefox), with no switch to press', () => {
    const { root, request } = setup(true, 'firefox');
    const group = root.querySelector('[role="group"][aria-label="Worker traffic"]')!;
    expect(group.textContent).toBe('Worker traffic: Chrome only (no extension debugger here).');
    expect(group.querySelector('button')).toBeNull();
    expect(request).not.toHaveBeenCalled();
  });

  it('shows a worker’s connection with its kind, script and, on hover, its URL, name, starter and a late join', () => {
    const { store, root } = setup(true);
    act(() => applyEvents(store, WORKER_ORIGIN, [create('w', { url: 'ws://demo.test/ws/echo', worker: { ...DEDICATED_WORKER, joinedLate: true, readOnly: true } }), open('w', 1)]));
    act(() => applyEvents(store, ORIGIN, [create('page', { worker: DEDICATED_WORKER })]));
    const [, worker, page] = options(root);
    const source = worker!.querySelector<HTMLElement>('.worker-source')!;
    expect(source.textContent).toBe('Dedicated workerfeed-worker.jsjoined late');
    expect(source.title).toBe(
      [
        'Dedicated worker: https://example.test/js/feed-worker.js',
        'Name: feed',
        'Started by: https://example.test/page.html',
        'Watched through Chrome’s debugger: read-only, and intercept rules do not apply',
        'joined late: opened before Frametap attached, what it did before is unknown',
      ].join('\n'),
    );
    expect(worker!.title).toContain('Dedicated worker: https://example.test/js/feed-worker.js');
    // A page cannot pass its own socket off as a worker's.
    expect(page!.querySelector('.worker-source')).toBeNull();
  });
});
