/**
 * The panel's link to the service worker: one runtime port, subscribed to the inspected tab.
 *
 * An MV3 service worker can be stopped at any time, which disconnects the port; the panel then
 * reconnects after a short backoff and subscribes again, and the content scripts replay their
 * backlogs (the store drops what it already has). While connected, a ping every 20 s keeps the
 * worker alive: extension messages reset its 30 s idle timer (Chrome 110+,
 * https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle).
 *
 * Plain `chrome.runtime` ports: webextension-polyfill would add nothing to a port but a dependency
 * in the bundle (its value is promisified one-shot APIs, which the panel does not use).
 */
import { COMMAND_TIMEOUT_MS } from '../shared/constants';
import { eventsOfBatch, isPanelBatch, isPanelCommandReply, isPanelRulesProblem, isPanelTabNotice, isPanelWorkersState } from '../shared/guards';
import type { HookRule, Pattern } from '../shared/intercept-rules';
import {
  envelope,
  type CommandResult,
  type FrameOrigin,
  type HookCommand,
  type PanelEvents,
  type PanelRequest,
  type PanelTabNotice,
  type PanelWorkersState,
} from '../shared/protocol';

/** What the service worker says of the tab's worker capture. */
export type WorkersState = Pick<PanelWorkersState, 'on' | 'error'>;

/** The part of `chrome.runtime.Port` the panel uses, so that tests can hand in a fake. */
export interface PortLike {
  postMessage(message: PanelRequest): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export type LinkStatus = 'connected' | 'reconnecting' | 'stopped';

export interface TransportOptions {
  tabId: number;
  connect: () => PortLike;
}

export interface PanelTransport {
  /** Returns an unsubscribe function. */
  onMessage(listener: (message: PanelEvents) => void): () => void;
  onStatus(listener: (status: LinkStatus) => void): () => void;
  /** The document the tab's top frame shows (store/navigation.ts tells navigations by it), or that the tab cannot be inspected. */
  onTabNotice(listener: (notice: PanelTabNotice) => void): () => void;
  /** The browser refused the block rules: its error, in words for the rules pane. */
  onRulesProblem(listener: (error: string) => void): () => void;
  /**
   * The intercept rules for the tab, posted now and after every subscribe: the service worker
   * forgets them when it restarts, and applies them only while this port is open.
   */
  setRules(rules: HookRule[], blocked: Pattern[]): void;
  /** Whether the service worker watches the tab's workers, on every change and after every subscribe. */
  onWorkersState(listener: (state: WorkersState) => void): () => void;
  /**
   * Turns worker capture on or off for the tab. While on, it is asked for again after every
   * subscribe, since a restarted service worker has forgotten it, until the service worker
   * reports it stopped with an error.
   */
  setWorkerCapture(on: boolean): void;
  start(): void;
  stop(): void;
  /**
   * Runs a command in the document that owns the connection. Always settles: with the page's
   * answer, or with an error when the link drops or no answer comes in COMMAND_TIMEOUT_MS.
   */
  command(origin: FrameOrigin, command: HookCommand): Promise<CommandResult>;
}

export const PING_INTERVAL_MS = 20_000;
const RECONNECT_DELAYS_MS = [100, 250, 500, 1_000, 2_000];
/** A port that lived this long was healthy: the next disconnect starts the backoff over. */
const HEALTHY_AFTER_MS = 10_000;

export function createPanelTransport({ tabId, connect }: TransportOptions): PanelTransport {
  const messageListeners = new Set<(message: PanelEvents) => void>();
  const statusListeners = new Set<(status: LinkStatus) => void>();
  const tabNoticeListeners = new Set<(notice: PanelTabNotice) => void>();
  const rulesProblemListeners = new Set<(error: string) => void>();
  const workersStateListeners = new Set<(state: WorkersState) => void>();
  let workersOn = false;
  let rules: { rules: HookRule[]; blocked: Pattern[] } = { rules: [], blocked: [] };
  let port: PortLike | null = null;
  let running = false;
  let attempt = 0;
  let connectedAt = 0;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let lastCommandId = 0;
  const pendingCommands = new Map<number, (result: CommandResult) => void>();

  function settleAll(error: string): void {
    const settle = [...pendingCommands.values()];
    pendingCommands.clear();
    for (const resolve of settle) resolve({ ok: false, error });
  }

  const setStatus = (status: LinkStatus): void => statusListeners.forEach((l) => l(status));

  function open(): void {
    retryTimer = undefined;
    let opened: PortLike;
    try {
      opened = connect();
    } catch {
      // The extension context itself is gone (extension reloaded): retrying would not help.
      stop();
      return;
    }
    port = opened;
    connectedAt = Date.now();
    opened.onMessage.addListener((message) => {
      if (port !== opened) return;
      if (isPanelBatch(message)) {
        // The first place that must trust the hook's text: it is parsed and checked here, once.
        const parsed: PanelEvents = { origin: message.origin, events: eventsOfBatch(message.json) };
        if (parsed.events.length > 0) messageListeners.forEach((l) => l(parsed));
      } else if (isPanelCommandReply(message)) pendingCommands.get(message.id)?.(message.result);
      else if (isPanelTabNotice(message)) tabNoticeListeners.forEach((l) => l(message));
      else if (isPanelRulesProblem(message)) rulesProblemListeners.forEach((l) => l(message.error));
      else if (isPanelWorkersState(message)) {
        const state: WorkersState = message.error === undefined ? { on: message.on } : { on: message.on, error: message.error };
        // Stopped for a reason (the user closed Chrome's debugging bar, another debugger holds
        // the tab): asking again after the next subscribe would undo the user's choice. A plain
        // "off" is what a restarted service worker says before it hears the request again.
        if (!state.on && state.error !== undefined) workersOn = false;
        workersStateListeners.forEach((l) => l(state));
      }
    });
    opened.onDisconnect.addListener(() => {
      if (port === opened) lost();
    });
    setStatus('connected');
    pingTimer = setInterval(() => post(envelope({ kind: 'ping' })), PING_INTERVAL_MS);
    post(envelope({ kind: 'subscribe', tabId }));
    postRules();
    if (workersOn) postWorkers();
  }

  function postWorkers(): void {
    post(envelope({ kind: 'workers', tabId, on: workersOn }));
  }

  function postRules(): void {
    post(envelope({ kind: 'rules', tabId, ...rules }));
  }

  function post(message: PanelRequest): void {
    try {
      port?.postMessage(message);
    } catch {
      // "Attempting to use a disconnected port object": onDisconnect may not have fired yet.
      lost();
    }
  }

  function lost(): void {
    const old = port;
    port = null;
    clearInterval(pingTimer);
    // A reply can only come back on the port the command went out on.
    settleAll('Lost the connection to the extension; try again');
    try {
      old?.disconnect();
    } catch {
      // Already disconnected.
    }
    if (!running) return;
    if (Date.now() - connectedAt >= HEALTHY_AFTER_MS) attempt = 0;
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)];
    attempt++;
    setStatus('reconnecting');
    retryTimer = setTimeout(open, delay);
  }

  function stop(): void {
    running = false;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    lost();
    setStatus('stopped');
  }

  return {
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onTabNotice(listener) {
      tabNoticeListeners.add(listener);
      return () => tabNoticeListeners.delete(listener);
    },
    onRulesProblem(listener) {
      rulesProblemListeners.add(listener);
      return () => rulesProblemListeners.delete(listener);
    },
    setRules(hookRules, blocked) {
      rules = { rules: hookRules, blocked };
      if (port) postRules();
    },
    onWorkersState(listener) {
      workersStateListeners.add(listener);
      return () => workersStateListeners.delete(listener);
    },
    setWorkerCapture(on) {
      workersOn = on;
      if (port) postWorkers();
    },
    start() {
      if (running) return;
      running = true;
      attempt = 0;
      open();
    },
    stop,
    command(origin, command) {
      const id = ++lastCommandId;
      return new Promise<CommandResult>((resolve) => {
        const timer = setTimeout(() => settle({ ok: false, error: 'The page did not answer' }), COMMAND_TIMEOUT_MS);
        function settle(result: CommandResult): void {
          clearTimeout(timer);
          pendingCommands.delete(id);
          resolve(result);
        }
        pendingCommands.set(id, settle);
        if (!port) return settle({ ok: false, error: 'Not connected to the extension; try again' });
        post(envelope({ kind: 'command', id, tabId, frameId: origin.frameId, documentId: origin.documentId, command }));
      });
    },
  };
}

/** The real port; reading `lastError` on disconnect keeps Chrome from logging it as unchecked. */
export function connectRuntimePort(name: string): PortLike {
  const port = chrome.runtime.connect({ name });
  port.onDisconnect.addListener(() => void chrome.runtime.lastError);
  return port;
}
