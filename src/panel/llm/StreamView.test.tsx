// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PanelAppContext } from '../app-context';
import { testPanelApp } from '../app.fixture';
import { DetailsPane } from '../components/DetailsPane';
import { applyEvents } from '../store/apply-events';
import { create, frame, open, ORIGIN } from '../store/events.fixture';
import { createStore, type Store } from '../store/store';
import { anthropic, type SseFrame } from './streams.fixture';
import { detailsTab, streamCut } from './StreamView';

let container: HTMLElement;
beforeEach(() => {
  detailsTab.value = 'stream';
  streamCut.value = 'selected';
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const sse = (frames: readonly SseFrame[], seq: number) =>
  frames.map(([event, data], i) => frame('a', seq + i, { event, data, size: data.length, lastEventId: '', time: 1_000 + (seq + i) * 10 }));

function mount(store: Store): void {
  act(() =>
    render(
      <PanelAppContext.Provider value={testPanelApp(store)}>
        <DetailsPane />
      </PanelAppContext.Provider>,
      container,
    ),
  );
}

const text = (): string => container.querySelector('[aria-label="Text, assembled"]')?.textContent ?? '';
const mark = (): string | null => container.querySelector('[aria-label="Text, assembled"] mark')?.textContent ?? null;

describe('StreamView in the details pane', () => {
  it('shows the text up to the selected chunk as text, and the whole stream as it grows', () => {
    const store = createStore();
    const frames = anthropic(['<b>bold</b>', ' and', ' more']);
    applyEvents(store, ORIGIN, [create('a', { kind: 'sse', time: 1_000 }), open('a', 1), ...sse(frames.slice(0, 5), 2)]);
    mount(store);
    // message_start, block start, ping, then the first two deltas: ids 1 to 5.
    act(() => void (store.selectedMessageId.value = 4));
    expect(text()).toBe('<b>bold</b>');
    expect(mark()).toBe('<b>bold</b>');
    expect(container.querySelector('[aria-label="Text, assembled"] b')).toBeNull();
    expect(container.querySelector('.llm-status')?.textContent).toBe('streaming…');

    act(() => void (streamCut.value = 'whole'));
    expect(text()).toBe('<b>bold</b> and');
    act(() => applyEvents(store, ORIGIN, sse(frames.slice(5), 7)));
    expect(text()).toBe('<b>bold</b> and more');
    expect(mark()).toBe('<b>bold</b>');
    expect(container.querySelector('.llm-status')?.textContent).toBe('complete');
    expect(container.textContent).toContain('end_turn');
  });

  it('keeps the Message tab for the frame itself, and no tabs for other messages', () => {
    const store = createStore();
    applyEvents(store, ORIGIN, [create('a', { kind: 'sse' }), open('a', 1), ...sse([['message', '{"delta":"hi"}'], ['price', '{"price":1}']], 2)]);
    mount(store);
    act(() => void (store.selectedMessageId.value = 1));
    act(() => (container.querySelector<HTMLButtonElement>('button[aria-pressed="false"]')!).click());
    expect(detailsTab.value).toBe('message');
    expect(container.textContent).toContain('Last event ID');
    act(() => void (store.selectedMessageId.value = 0));
    expect(container.querySelector('[aria-label="Details view"]')).toBeNull();
  });
});
