// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { applyEvents } from '../store/apply-events';
import { create, DEDICATED_WORKER, frame, open, ORIGIN, WORKER_ORIGIN } from '../store/events.fixture';
import { createStore } from '../store/store';
import { mountWithPanelApp, unmountAll } from '../mount.fixture';
import { Composer } from './Composer';
import { runOn, WORKER_READ_ONLY } from './model';
import { replayOf } from './replay';

afterEach(unmountAll);

function storeWith(origin: typeof ORIGIN, worker?: typeof DEDICATED_WORKER) {
  const store = createStore();
  applyEvents(store, origin, [create('c', { worker }), open('c', 1), frame('c', 2, { dir: 'out' }), frame('c', 3)]);
  store.selectedConnId.value = 'c';
  return store;
}

/** A worker Frametap could only watch: one running before capture started, or a shared or service worker. */
const WATCHED_WORKER = { ...DEDICATED_WORKER, readOnly: true };

describe('a watched worker’s connection', () => {
  it('gets no composer, only the line that says why', () => {
    const root = mountWithPanelApp(storeWith(WORKER_ORIGIN, WATCHED_WORKER), <Composer compact={false} />);
    expect(root.querySelector('[aria-label="Composer"]')!.textContent).toBe(WORKER_READ_ONLY);
    expect(root.querySelectorAll('button, textarea')).toHaveLength(0);
  });

  it('cannot be replayed on, nor sent a command', async () => {
    const store = storeWith(WORKER_ORIGIN, WATCHED_WORKER);
    const connection = store.connections.value[0]!;
    const [, sent, received] = [0, 1, 2].map((id) => store.log.get(id));
    expect(replayOf(sent!, connection)).toMatchObject({ label: 'Send again', unavailable: WORKER_READ_ONLY });
    expect(replayOf(received!, connection)).toMatchObject({ label: 'Inject again', unavailable: WORKER_READ_ONLY });
    const asked: unknown[] = [];
    const result = await runOn(
      (...args) => {
        asked.push(args);
        return Promise.resolve({ ok: true });
      },
      connection,
      { op: 'close', conn: 'c' },
    );
    expect(result).toEqual({ ok: false, error: WORKER_READ_ONLY });
    expect(asked).toEqual([]);
  });

  it('is only one the service worker said is: a page’s socket claiming a watched worker keeps its composer', () => {
    const root = mountWithPanelApp(storeWith(ORIGIN, WATCHED_WORKER), <Composer compact={false} />);
    expect(Array.from(root.querySelectorAll('button')).map((b) => b.textContent)).toContain('Send');
  });
});

describe('a hooked worker’s connection', () => {
  it('has the composer a page’s connection has', () => {
    const root = mountWithPanelApp(storeWith(WORKER_ORIGIN, DEDICATED_WORKER), <Composer compact={false} />);
    expect(Array.from(root.querySelectorAll('button')).map((b) => b.textContent)).toContain('Send');
  });
});
