/**
 * A tab's worker traffic, read through Chrome's debugger, for as long as a panel asks for it.
 *
 * The page hook cannot start a worker with itself inside without changing what the worker sees (a
 * wrapper script has another URL, is refused by a page's CSP `worker-src`, changes error messages
 * and stack traces). The debugger reaches workers as they are:
 * - the tab's dedicated workers, nested ones and those of its frames are attached as they start,
 *   paused before their first script (`waitForDebuggerOnStart`). The worker hook is evaluated in
 *   them then, and they are as capturable and actionable as a page: send, inject, close, rules;
 * - a dedicated worker that was already running, and shared and service workers (not the tab's own
 *   targets: they are found by polling the browser's targets), are watched through the debugger's
 *   network events from the moment they are found: read-only.
 *
 * Chrome shows its "started debugging this browser" bar while a tab is attached; closing it
 * detaches, and the panel is told.
 */
import { WORKER_BINDING, WORKER_HEARTBEAT_MS } from '../shared/constants';
import { isCommandResult } from '../shared/guards';
import type { HookRule } from '../shared/intercept-rules';
import { envelope, type CommandResult, type FrameOrigin, type HookCommand, type HookEvent, type WorkerKind } from '../shared/protocol';
import { callBridge, heartbeat, hookWorker, newWorker, send, stampWorker, type Debuggee, type HookSetup, type WorkerTarget } from './worker-target';

/** CDP's TargetInfo, as `Target.attachedToTarget` carries it (not chrome.debugger's own TargetInfo). */
interface CdpTargetInfo {
  targetId: string;
  type: string;
  url: string;
  title?: string;
}

export interface WorkerCaptureSink {
  /** A batch of one worker's events, as PanelBatch carries them. */
  deliver(origin: FrameOrigin, json: string): void;
  /** Capture stopped without being asked to: why. */
  stopped(error: string): void;
  /** A hooked worker is gone, with whatever connections it had open. */
  ended(origin: FrameOrigin): void;
}

interface TabCapture {
  tabId: number;
  sink: WorkerCaptureSink;
  /** Script URL of each attached target, by its session: the page's and its frames' too, to name a worker's starter. */
  urlsBySession: Map<string, string>;
  workersBySession: Map<string, WorkerTarget>;
  /** Shared and service workers attached by target id. */
  workersByTarget: Map<string, WorkerTarget>;
  pageUrl: string;
  /** The tab's intercept rules and the backlog budget, for the hooks of workers that start later. */
  setup: HookSetup;
  poll: ReturnType<typeof setInterval> | null;
  flush: ReturnType<typeof setTimeout> | null;
}

const PROTOCOL_VERSION = '1.3';
/** How often the browser's targets are looked through for new shared and service workers. */
const POLL_MS = 500;
/** Events of a busy worker leave together, at most this long after the first. */
const FLUSH_MS = 16;
const MAX_BATCH_EVENTS = 1000;
const HEARTBEAT_TICKS = Math.round(WORKER_HEARTBEAT_MS / POLL_MS);

const captures = new Map<number, TabCapture>();

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
};

function flushNow(capture: TabCapture): void {
  if (capture.flush !== null) clearTimeout(capture.flush);
  capture.flush = null;
  for (const worker of [...capture.workersBySession.values(), ...capture.workersByTarget.values()]) {
    if (worker.pending.length === 0) continue;
    const events = worker.pending;
    worker.pending = [];
    capture.sink.deliver(worker.origin, JSON.stringify(envelope({ events })));
  }
}

function queue(capture: TabCapture, worker: WorkerTarget, events: HookEvent[]): void {
  if (events.length === 0) return;
  worker.pending.push(...events);
  if (worker.pending.length >= MAX_BATCH_EVENTS) flushNow(capture);
  else capture.flush ??= setTimeout(() => flushNow(capture), FLUSH_MS);
}

/** The URL the tab shows now (a worker that starts may be the first news of a navigation). */
async function pageUrlOf(capture: TabCapture): Promise<string> {
  const page = (await send({ tabId: capture.tabId }, 'Target.getTargetInfo').catch(() => null)) as { targetInfo?: CdpTargetInfo } | null;
  if (page?.targetInfo) capture.pageUrl = page.targetInfo.url;
  return capture.pageUrl;
}

/** A target the tab's auto-attach brought, paused: watched if it is a worker, and let go. */
async function onAttached(capture: TabCapture, parent: Debuggee, info: CdpTargetInfo, sessionId: string, waiting: boolean): Promise<void> {
  const debuggee: Debuggee = { tabId: capture.tabId, sessionId };
  const starter = parent.sessionId ? capture.urlsBySession.get(parent.sessionId) ?? '' : await pageUrlOf(capture);
  capture.urlsBySession.set(sessionId, info.url);
  try {
    // Workers this one starts, or those of a frame in another process, come the same way: asked
    // for before it runs, or a worker it starts at once would start unwatched.
    await send(debuggee, 'Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    if (info.type === 'worker') {
      const name = info.title && info.title !== info.url ? info.title : '';
      const worker = newWorker(debuggee, info.targetId, { kind: 'dedicated', url: info.url, name, startedBy: starter });
      capture.workersBySession.set(sessionId, worker);
      // A worker that was running already has had its natives used: it is watched, not hooked.
      const hooked = waiting && (await hookWorker(worker, capture.setup).catch(() => false));
      if (!hooked) await send(debuggee, 'Network.enable');
    }
  } catch {
    // The target went away while it was being set up.
  } finally {
    await send(debuggee, 'Runtime.runIfWaitingForDebugger').catch(() => undefined);
  }
}

function onDetachedSession(capture: TabCapture, sessionId: string): void {
  capture.urlsBySession.delete(sessionId);
  const worker = capture.workersBySession.get(sessionId);
  if (!worker) return;
  queue(capture, worker, worker.translator.end());
  flushNow(capture);
  capture.workersBySession.delete(sessionId);
  if (worker.bridge !== null) capture.sink.ended(worker.origin);
}

function captureOf(source: Debuggee): TabCapture | undefined {
  if (source.tabId !== undefined) return captures.get(source.tabId);
  if (source.targetId === undefined) return undefined;
  for (const capture of captures.values()) if (capture.workersByTarget.has(source.targetId)) return capture;
  return undefined;
}

function onEvent(source: Debuggee, method: string, params?: object): void {
  const capture = captureOf(source);
  if (!capture || !params) return;
  if (method === 'Target.attachedToTarget') {
    const { sessionId, targetInfo, waitingForDebugger } = params as { sessionId: string; targetInfo: CdpTargetInfo; waitingForDebugger: boolean };
    void onAttached(capture, source, targetInfo, sessionId, waitingForDebugger);
    return;
  }
  if (method === 'Target.detachedFromTarget') {
    onDetachedSession(capture, (params as { sessionId: string }).sessionId);
    return;
  }
  const worker = source.sessionId !== undefined ? capture.workersBySession.get(source.sessionId) : source.targetId !== undefined ? capture.workersByTarget.get(source.targetId) : undefined;
  if (!worker) return;
  if (method === 'Debugger.paused') {
    worker.onPaused?.();
    return;
  }
  if (method !== 'Runtime.bindingCalled') {
    queue(capture, worker, worker.translator.handle(method, params));
    return;
  }
  const { name, payload } = params as { name?: unknown; payload?: unknown };
  if (worker.bridge !== null && name === WORKER_BINDING && typeof payload === 'string') {
    capture.sink.deliver(worker.origin, stampWorker(payload, worker.source));
  }
}

function onDetach(source: Debuggee, reason: string): void {
  const capture = captureOf(source);
  if (!capture) return;
  if (source.targetId !== undefined && source.tabId === undefined) {
    const worker = capture.workersByTarget.get(source.targetId);
    if (worker) queue(capture, worker, worker.translator.end());
    flushNow(capture);
    capture.workersByTarget.delete(source.targetId);
    return;
  }
  finish(capture);
  capture.sink.stopped(reason === 'canceled_by_user' ? 'Worker capture stopped: Chrome’s debugging bar was closed' : 'Worker capture stopped: the tab was closed or crashed');
}

/** Ends a capture's connections and forgets it; detaching is the caller's. */
function finish(capture: TabCapture): void {
  if (capture.poll !== null) clearInterval(capture.poll);
  for (const worker of [...capture.workersBySession.values(), ...capture.workersByTarget.values()]) queue(capture, worker, worker.translator.end());
  flushNow(capture);
  captures.delete(capture.tabId);
}

const WORKER_KINDS: Record<string, WorkerKind> = { shared_worker: 'shared', service_worker: 'service' };

/** Shared and service workers of the tab's origin that nobody has attached yet. */
async function pollSharedWorkers(capture: TabCapture): Promise<void> {
  const targets = await chrome.debugger.getTargets();
  const page = targets.find((t) => t.tabId === capture.tabId && t.type === 'page');
  if (page) capture.pageUrl = page.url;
  const origin = originOf(capture.pageUrl);
  for (const target of targets) {
    // `attached` may be DevTools' own session: a target takes several.
    if (target.type !== 'worker' || capture.workersByTarget.has(target.id) || !origin || originOf(target.url) !== origin) continue;
    const debuggee: Debuggee = { targetId: target.id };
    try {
      await chrome.debugger.attach(debuggee, PROTOCOL_VERSION);
    } catch {
      continue; // Attached by someone else meanwhile, or gone.
    }
    if (!captures.has(capture.tabId)) {
      await chrome.debugger.detach(debuggee).catch(() => undefined);
      return;
    }
    const info = (await send(debuggee, 'Target.getTargetInfo').catch(() => null)) as { targetInfo?: { type?: string } } | null;
    const kind = WORKER_KINDS[info?.targetInfo?.type ?? ''] ?? 'shared';
    // Chrome titles a shared worker by its name, and a service worker "Service Worker <url>".
    const name = kind === 'shared' && target.title !== target.url ? target.title : '';
    capture.workersByTarget.set(target.id, newWorker(debuggee, target.id, { kind, url: target.url, name, startedBy: '' }));
    await send(debuggee, 'Network.enable').catch(() => undefined);
  }
}

let listening = false;

/** Starts watching the tab's workers; resolves to an error to show, or null once watching. */
export async function startWorkerCapture(tabId: number, setup: HookSetup, sink: WorkerCaptureSink): Promise<string | null> {
  if (captures.has(tabId)) return null;
  if (!chrome.debugger) return 'Worker capture needs the “debugger” permission';
  if (!listening) {
    chrome.debugger.onEvent.addListener(onEvent);
    chrome.debugger.onDetach.addListener(onDetach);
    listening = true;
  }
  const capture: TabCapture = {
    tabId, sink, urlsBySession: new Map(), workersBySession: new Map(), workersByTarget: new Map(), pageUrl: '', setup, poll: null, flush: null,
  };
  captures.set(tabId, capture);
  const debuggee: Debuggee = { tabId };
  try {
    // A worker restarted while attached finds the tab still attached: take it over.
    await chrome.debugger.detach(debuggee).catch(() => undefined);
    await chrome.debugger.attach(debuggee, PROTOCOL_VERSION);
    // The page's URL first: the workers about to attach name it as their starter.
    await pollSharedWorkers(capture).catch(() => undefined);
    await send(debuggee, 'Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  } catch (error) {
    if (captures.get(tabId) === capture) captures.delete(tabId);
    return `Worker capture could not start: ${errorText(error)}`;
  }
  // Stopped while it was starting (the tab's last panel left): it ends here, detached.
  if (captures.get(tabId) !== capture) {
    await chrome.debugger.detach(debuggee).catch(() => undefined);
    return null;
  }
  let ticks = 0;
  const poll = (): void => {
    void pollSharedWorkers(capture).catch(() => undefined);
    if (++ticks % HEARTBEAT_TICKS === 0) capture.workersBySession.forEach(heartbeat);
  };
  capture.poll = setInterval(poll, POLL_MS);
  return null;
}

export async function stopWorkerCapture(tabId: number): Promise<void> {
  const capture = captures.get(tabId);
  if (!capture) return;
  const targets = [...capture.workersByTarget.keys()];
  const hooked = [...capture.workersBySession.values()].filter((worker) => worker.bridge !== null);
  finish(capture);
  // Hooked workers stop streaming, and let go of what their rules held, as a page's do.
  await Promise.all(hooked.map((worker) => callBridge(worker, 'control', { op: 'detach' }).catch(() => '')));
  await chrome.debugger.detach({ tabId }).catch(() => undefined);
  for (const targetId of targets) await chrome.debugger.detach({ targetId }).catch(() => undefined);
}

/** The tab's intercept rules changed: its hooked workers apply them too. */
export function setWorkerRules(tabId: number, rules: HookRule[]): void {
  const capture = captures.get(tabId);
  if (!capture) return;
  capture.setup = { ...capture.setup, rules };
  for (const worker of capture.workersBySession.values()) void callBridge(worker, 'control', { op: 'rules', rules }).catch(() => '');
}

/** The user set a new page backlog budget: it applies to hooked workers too. */
export function setWorkerBacklogBytes(maxBytes: number): void {
  for (const capture of captures.values()) {
    capture.setup = { ...capture.setup, backlogBytes: maxBytes };
    for (const worker of capture.workersBySession.values()) void callBridge(worker, 'control', { op: 'budget', maxBytes }).catch(() => '');
  }
}

const NOT_ACTIONABLE: CommandResult = { ok: false, error: 'This worker is only watched through the debugger: it cannot be acted on' };

/** Runs a panel's command in the hooked worker that owns the connection. */
export async function runWorkerCommand(tabId: number, documentId: string, command: HookCommand): Promise<CommandResult> {
  const capture = captures.get(tabId);
  const worker = [...(capture?.workersBySession.values() ?? [])].find((w) => w.origin.documentId === documentId);
  if (!worker) return { ok: false, error: 'The worker is gone, or worker capture is off' };
  if (worker.bridge === null) return NOT_ACTIONABLE;
  try {
    const result: unknown = JSON.parse(await callBridge(worker, 'command', command));
    return isCommandResult(result) ? result : { ok: false, error: 'The worker did not understand the command' };
  } catch {
    return { ok: false, error: 'The worker is gone' };
  }
}

export const isCapturingWorkers = (tabId: number): boolean => captures.has(tabId);
