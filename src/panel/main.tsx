/** Boots the panel: which tab, which theme, one store, one transport, one app made of them (app-context.ts), one render. */
import { render } from 'preact';
import { signal } from '@preact/signals';
import { PORT_PANEL } from '../shared/constants';
import { payloadLength } from '../shared/events';
import type { PanelEvents } from '../shared/protocol';
import { createPanelApp, PanelAppContext } from './app-context';
import { App } from './components/App';
import { chromeLocalStorage, chromeSyncStorage } from './storage';
import { currentInspectedTabId, followTheme, isInDevTools } from './environment';
import { applyPanelMessage } from './store/apply-events';
import { applyTopDocument } from './store/navigation';
import { endWorkerConnections } from './store/worker-ended';
import { createPacedIngest } from './store/paced-ingest';
import { createStore } from './store/store';
import { rememberSettings } from './settings';
import { connectRuntimePort, createPanelTransport, type LinkStatus } from './transport';

const root = document.getElementById('root')!;
followTheme(document.documentElement);

const tabId = currentInspectedTabId();
if (tabId === null) {
  root.textContent = 'No tab to inspect: open this page from DevTools, or add ?tabId=<id> to its URL.';
} else {
  const store = createStore();
  const link = signal<LinkStatus>('reconnecting');
  const transport = createPanelTransport({ tabId, connect: () => connectRuntimePort(PORT_PANEL) });
  const ingest = createPacedIngest(
    (message: PanelEvents) => applyPanelMessage(store, message),
    ({ events }) => ({ events: events.length, payload: events.reduce((sum, event) => sum + payloadLength(event), 0) }),
  );
  transport.onMessage(ingest.push);
  transport.onTabNotice((notice) => {
    // Events queued before a navigation notice belong to the document it replaces.
    ingest.flush();
    if (notice.kind === 'top-document') {
      applyTopDocument(store, notice.documentId);
      store.topUrl.value = notice.url;
    } else if (notice.kind === 'worker-ended') endWorkerConnections(store, notice.documentId, Date.now());
    else store.tabUnreachable.value = true;
  });
  const storage = chromeLocalStorage();
  void rememberSettings(store, storage);
  transport.onStatus((status) => {
    link.value = status;
  });
  transport.start();
  addEventListener('pagehide', () => transport.stop());
  // The same panel for the same tab, in a window the user can place anywhere.
  const detach = isInDevTools()
    ? () => void chrome.windows.create({ url: chrome.runtime.getURL(`src/panel/index.html?tabId=${tabId}`), type: 'popup', width: 1100, height: 700 })
    : undefined;
  const app = createPanelApp({
    store,
    commands: transport.command,
    storage,
    syncedStorage: chromeSyncStorage(),
    link,
    applyPending: ingest.flush,
    detach,
    sendRules: transport.setRules,
    setWorkerCapture: transport.setWorkerCapture,
  });
  transport.onWorkersState((state) => (store.workers.value = state));
  transport.onRulesProblem((error) => (app.rules.browserProblem.value = error));
  render(
    <PanelAppContext.Provider value={app}>
      <App />
    </PanelAppContext.Provider>,
    root,
  );
}
