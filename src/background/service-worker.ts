/**
 * Service worker: routes each tab's content ports to the panels inspecting that tab. Batches pass
 * through as the hook wrote them, text it never parses, stamped with the frame and document the
 * browser says they came from. A tab that no panel inspects any more has its content ports
 * closed, which sends its hooks back to keeping their backlogs quietly.
 *
 * Chrome stops idle MV3 workers at any time, so it holds nothing it cannot lose: its maps are
 * rebuilt as ports reconnect (a panel reconnects and re-subscribes; the subscription asks every
 * frame of the tab to attach, and each hook sends its backlog again).
 *
 * Every port and message is checked at connection against what the browser stamped on its sender
 * (shared/trust.ts): a panel port from anything but Frametap's own pages, a content port from
 * anything but a content script, or a port of any other name, is closed unheard.
 */
import browser from 'webextension-polyfill';
import { PORT_CONTENT, PORT_PANEL } from '../shared/constants';
import { PAGE_BACKLOG_KEY, validBacklogBytes } from '../shared/page-backlog';
import { isCommandResult, isContentHello, isContentMessage, isPanelRequest } from '../shared/guards';
import { contentSenderOf, isOwnExtensionPage, type ContentSender, type ExtensionIdentity } from '../shared/trust';
import type { HookRule } from '../shared/intercept-rules';
import { blockConnections, forgetBlockedConnections } from './blocked-connections';
import { isCapturingWorkers, runWorkerCommand, setWorkerBacklogBytes, setWorkerRules, startWorkerCapture, stopWorkerCapture } from './worker-capture';
import {
  envelope,
  WORKER_FRAME_ID,
  type CommandResult,
  type ContentCommand,
  type ContentControl,
  type ContentHelloReply,
  type FrameOrigin,
  type PanelCommand,
  type PanelBatch,
  type PanelCommandReply,
  type PanelMessage,
  type PanelTabUnreachable,
  type PanelTopDocument,
  type PanelWorkerEnded,
  type PanelWorkersState,
} from '../shared/protocol';

type Port = browser.Runtime.Port;

const extension: ExtensionIdentity = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') };

// Content scripts may use chrome.storage.local by default, and the panel keeps the composer's
// history and snippets there: keep it to the extension's own pages (where the browser lets the
// `local` area be restricted: the Chromium these tests run does; Firefox has no such switch).
void chrome.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);

// A restarted worker holds no panel: blocks a stopped one left behind go, and panels set theirs again.
void forgetBlockedConnections();

const panelsByTab = new Map<number, Set<Port>>();
const contentPortsByTab = new Map<number, Set<Port>>();
/** The intercept rules of each tab's panel: the newest a panel sent, until the last panel leaves. */
const rulesByTab = new Map<number, HookRule[]>();

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

/** The last panel of a tab left: its frames stop streaming (their relays tell their hooks). */
function stopPanelOf(tabId: number, panel: Port): void {
  removeFrom(panelsByTab, tabId, panel);
  if (panelsByTab.has(tabId)) return;
  // Nobody sees what the rules do any more: interception stops with the last panel.
  if (rulesByTab.delete(tabId)) sendRules(tabId, []);
  void blockConnections(tabId, []);
  void stopWorkerCapture(tabId);
  // A port closed from this end hears no onDisconnect of its own: forget them here.
  for (const content of contentPortsByTab.get(tabId) ?? []) content.disconnect();
  contentPortsByTab.delete(tabId);
  topFramePorts.delete(tabId);
}

/** Posts to a panel that may have gone away meanwhile. */
function postTo(panel: Port, message: PanelMessage): void {
  try {
    panel.postMessage(message);
  } catch {
    // The panel went away while the page or the browser was answering.
  }
}

/** Asks every frame's relay to stream to the panels; the panel hears it when there is none. */
function askTabToAttach(tabId: number, panel: Port): void {
  const control: ContentControl = envelope({ kind: 'attach', replay: true });
  browser.tabs.sendMessage(tabId, control).catch(() => {
    const notice: PanelTabUnreachable = envelope({ kind: 'tab-unreachable' });
    postTo(panel, notice);
  });
}

/**
 * Hands a panel's command to the one document that owns the connection. Addressing the document
 * (not just the frame) means a page that navigated away gets an error, never a stranger's command.
 */
async function runCommand({ tabId, frameId, documentId, command }: PanelCommand): Promise<CommandResult> {
  if (frameId === WORKER_FRAME_ID) return runWorkerCommand(tabId, documentId, command);
  const message: ContentCommand = envelope({ kind: 'command', command });
  // documentId (Chrome 106+) is newer than the polyfill's types.
  const target = { frameId, documentId } as browser.Tabs.SendMessageOptionsType;
  try {
    const reply: unknown = await browser.tabs.sendMessage(tabId, message, target);
    return isCommandResult(reply) ? reply : { ok: false, error: 'The page did not understand the command' };
  } catch {
    return { ok: false, error: 'The page was navigated away or closed' };
  }
}

function forwardBatch(tabId: number, origin: FrameOrigin, json: string): void {
  const panels = panelsByTab.get(tabId);
  if (!panels) return;
  const forward: PanelBatch = envelope({ kind: 'batch', origin, json });
  for (const panel of panels) panel.postMessage(forward);
}

function workersState(tabId: number, error?: string): PanelWorkersState {
  return envelope({ kind: 'workers-state', on: isCapturingWorkers(tabId), ...(error === undefined ? {} : { error }) });
}

function tellWorkersState(tabId: number, error?: string): void {
  for (const panel of panelsByTab.get(tabId) ?? []) postTo(panel, workersState(tabId, error));
}

/** Starts or stops watching the tab's workers through the debugger, and tells its panels. */
async function setWorkerCapture(tabId: number, on: boolean): Promise<void> {
  if (!on) {
    await stopWorkerCapture(tabId);
    tellWorkersState(tabId);
    return;
  }
  const setup = { rules: rulesByTab.get(tabId) ?? [], backlogBytes: await backlogBytes };
  const error = await startWorkerCapture(tabId, setup, {
    deliver: (origin, json) => forwardBatch(tabId, origin, json),
    stopped: (reason) => tellWorkersState(tabId, reason),
    ended: ({ documentId }) => {
      const notice: PanelWorkerEnded = envelope({ kind: 'worker-ended', documentId });
      for (const panel of panelsByTab.get(tabId) ?? []) postTo(panel, notice);
    },
  });
  tellWorkersState(tabId, error ?? undefined);
}

/** Every frame of the tab gets the rules at once; frames that load later get them with their hello. */
function sendRules(tabId: number, rules: HookRule[]): void {
  const control: ContentControl = envelope({ kind: 'rules', rules });
  browser.tabs.sendMessage(tabId, control).catch(() => undefined);
  setWorkerRules(tabId, rules);
}

/** A port of one of Frametap's own pages (checked at connection): it may subscribe to any tab and command it. */
function onPanelPort(port: Port): void {
  let tabId: number | null = null;
  port.onMessage.addListener((message: unknown) => {
    if (!isPanelRequest(message)) return;
    if (message.kind === 'command') {
      void runCommand(message).then((result) => {
        const reply: PanelCommandReply = envelope({ kind: 'command-result', id: message.id, result });
        postTo(port, reply);
      });
      return;
    }
    if (message.kind === 'rules') {
      // Only a panel subscribed to the tab sets its rules, which hold while it stays.
      if (message.tabId !== tabId) return;
      rulesByTab.set(tabId, message.rules);
      sendRules(tabId, message.rules);
      void blockConnections(tabId, message.blocked).then((error) => {
        if (error) postTo(port, envelope({ kind: 'rules-problem', error }));
      });
      return;
    }
    if (message.kind === 'workers') {
      // Only a panel subscribed to the tab watches its workers, for as long as a panel stays.
      if (message.tabId === tabId) void setWorkerCapture(tabId, message.on);
      return;
    }
    if (message.kind !== 'subscribe') return;
    if (tabId !== null && tabId !== message.tabId) stopPanelOf(tabId, port);
    tabId = message.tabId;
    addTo(panelsByTab, tabId, port);
    const top = topFramePorts.get(tabId);
    if (top) port.postMessage(topDocumentNotice(top));
    postTo(port, workersState(tabId));
    askTabToAttach(tabId, port);
  });
  port.onDisconnect.addListener(() => {
    if (tabId !== null) stopPanelOf(tabId, port);
  });
}

/**
 * Each tab's top-frame relay port: its document is the page the tab shows. Panels are told that
 * document when the port connects, before any of its events, and tell navigations (a new
 * document) from pushState and hash changes (the same one) by it.
 */
const topFramePorts = new Map<number, Port>();

const documentIdOf = (port: Port): string => (port.sender as { documentId?: string } | undefined)?.documentId ?? '';

function topDocumentNotice(port: Port): PanelTopDocument {
  return envelope({ kind: 'top-document', documentId: documentIdOf(port), url: port.sender?.url ?? '' });
}

function onTopFramePort(tabId: number, port: Port): void {
  topFramePorts.set(tabId, port);
  port.onDisconnect.addListener(() => {
    if (topFramePorts.get(tabId) === port) topFramePorts.delete(tabId);
  });
  const notice = topDocumentNotice(port);
  for (const panel of panelsByTab.get(tabId) ?? []) panel.postMessage(notice);
}

/**
 * A page without WebSocket or EventSource traffic never connects its relay by itself, so once a
 * page inspected by a panel has loaded without one, its top frame is asked to: that is how the
 * panel hears of the navigation. (A top frame that has a port is still the same document.)
 * tabs.onUpdated's `status` needs no permission.
 */
browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.status !== 'complete' || !panelsByTab.has(tabId) || topFramePorts.has(tabId)) return;
  // No replay: its port may be opening already (its hello raced this), and sent the backlog then.
  const control: ContentControl = envelope({ kind: 'attach', replay: false });
  browser.tabs.sendMessage(tabId, control, { frameId: 0 }).catch(() => undefined);
});

/** A content script's port (checked at connection): what it sends is its own tab's, frame's and document's. */
function onContentPort(port: Port, { tabId, frameId, documentId }: ContentSender): void {
  const origin: FrameOrigin = { frameId, documentId };
  if (!panelsByTab.has(tabId)) {
    // Nobody inspects the tab (any more): the relay need not stream.
    port.disconnect();
    return;
  }
  addTo(contentPortsByTab, tabId, port);
  port.onDisconnect.addListener(() => removeFrom(contentPortsByTab, tabId, port));
  if (origin.frameId === 0) onTopFramePort(tabId, port);
  port.onMessage.addListener((message: unknown) => {
    if (isContentMessage(message)) forwardBatch(tabId, origin, message.json);
  });
}

browser.runtime.onConnect.addListener((port) => {
  const content = port.name === PORT_CONTENT ? contentSenderOf(port.sender, extension) : null;
  if (content) onContentPort(port, content);
  else if (port.name === PORT_PANEL && isOwnExtensionPage(port.sender, extension)) onPanelPort(port);
  else port.disconnect();
});

/**
 * The page backlog budget, read once per worker start and kept up to date: a hello must be
 * answered at once, since a page can navigate away before its relay has attached.
 */
let backlogBytes: Promise<number> = browser.storage.local
  .get(PAGE_BACKLOG_KEY)
  .then((stored) => validBacklogBytes(stored[PAGE_BACKLOG_KEY]), () => validBacklogBytes(undefined));

// Only a content script's hello is answered, and only about its own tab.
browser.runtime.onMessage.addListener(
  (message: unknown, sender: browser.Runtime.MessageSender): Promise<ContentHelloReply> | undefined => {
    const content = contentSenderOf(sender, extension);
    if (!content || !isContentHello(message)) return undefined;
    return backlogBytes.then((bytes) => ({
      attached: panelsByTab.has(content.tabId),
      backlogBytes: bytes,
      rules: rulesByTab.get(content.tabId) ?? [],
    }));
  },
);

// A new page backlog budget applies to every tab at once, not only to documents loaded later.
browser.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !(PAGE_BACKLOG_KEY in changes)) return;
  const maxBytes = validBacklogBytes(changes[PAGE_BACKLOG_KEY]?.newValue);
  backlogBytes = Promise.resolve(maxBytes);
  setWorkerBacklogBytes(maxBytes);
  const control: ContentControl = envelope({ kind: 'budget', maxBytes });
  void browser.tabs.query({}).then((tabs) => {
    for (const tab of tabs) if (tab.id !== undefined) browser.tabs.sendMessage(tab.id, control).catch(() => undefined);
  });
});
