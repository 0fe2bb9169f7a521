/**
 * Service worker: routes each tab's content ports to the panels inspecting that tab.
 *
 * Chrome stops idle MV3 workers at any time, so it holds nothing it cannot lose: both maps are
 * rebuilt as ports reconnect (a panel reconnects and re-subscribes; the subscription asks every
 * frame of the tab to attach, and each replays its backlog).
 */
import browser from 'webextension-polyfill';
import { PORT_CONTENT, PORT_PANEL } from '../shared/constants';
import { isContentHello, isContentMessage, isPanelRequest } from '../shared/guards';
import { envelope, type ContentControl, type ContentHelloReply, type FrameOrigin, type PanelMessage } from '../shared/protocol';

type Port = browser.Runtime.Port;

const panelsByTab = new Map<number, Set<Port>>();

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key) ?? new Set<V>();
  set.add(value);
  map.set(key, set);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

function askTabToAttach(tabId: number): void {
  const control: ContentControl = envelope({ kind: 'attach' });
  // Reaches the content relay of every frame; a tab without one (chrome:// pages) just rejects.
  browser.tabs.sendMessage(tabId, control).catch(() => undefined);
}

function onPanelPort(port: Port): void {
  let tabId: number | null = null;
  port.onMessage.addListener((message: unknown) => {
    if (!isPanelRequest(message) || message.kind !== 'subscribe') return;
    if (tabId !== null) removeFrom(panelsByTab, tabId, port);
    tabId = message.tabId;
    addTo(panelsByTab, tabId, port);
    askTabToAttach(tabId);
  });
  port.onDisconnect.addListener(() => {
    if (tabId !== null) removeFrom(panelsByTab, tabId, port);
  });
}

function onContentPort(port: Port): void {
  const sender = port.sender;
  const tabId = sender?.tab?.id;
  if (tabId === undefined || sender?.frameId === undefined) return port.disconnect();
  // documentId is newer than the polyfill's types; it tells documents of one frame apart.
  const documentId = (sender as { documentId?: string }).documentId ?? '';
  const origin: FrameOrigin = { frameId: sender.frameId, documentId };
  port.onMessage.addListener((message: unknown) => {
    if (!isContentMessage(message)) return;
    const panels = panelsByTab.get(tabId);
    if (!panels) return;
    const forward: PanelMessage = envelope({ kind: 'events', origin, events: message.events });
    for (const panel of panels) panel.postMessage(forward);
  });
}

browser.runtime.onConnect.addListener((port) => {
  if (port.name === PORT_PANEL) onPanelPort(port);
  else if (port.name === PORT_CONTENT) onContentPort(port);
});

browser.runtime.onMessage.addListener(
  (message: unknown, sender: browser.Runtime.MessageSender): Promise<ContentHelloReply> | undefined => {
    if (!isContentHello(message)) return undefined;
    const tabId = sender.tab?.id;
    return Promise.resolve({ attached: tabId !== undefined && panelsByTab.has(tabId) });
  },
);
