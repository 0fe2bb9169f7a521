/**
 * A tab's worker traffic, read through Chrome's debugger, for as long as a panel asks for it.
 *
 * The page hook cannot run inside workers without changing what they see (a wrapper script has
 * another URL, is refused by a page's CSP `worker-src`, changes error messages and stack traces),
 * so workers are left untouched and watched from outside, read-only:
 * - the tab's dedicated workers, nested ones and those of its frames are attached as they start,
 *   paused until their network events are on (`waitForDebuggerOnStart`), so nothing is missed;
 * - shared and service workers of the tab's origins are not the tab's own targets: they are found
 *   by polling the browser's targets, and seen from the moment they are found.
 *
 * Chrome shows its "started debugging this browser" bar while a tab is attached; closing it
 * detaches, and the panel is told.
 */
import { envelope, WORKER_FRAME_ID, type FrameOrigin, type HookEvent, type WorkerKind, type WorkerSource } from '../shared/protocol';
import { createCdpTranslator, type CdpTranslator } from './cdp-events';

type Debuggee = chrome.debugger.Debuggee & { sessionId?: string };

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
}

interface WorkerTarget {
  debuggee: Debuggee;
  origin: FrameOrigin;
  translator: CdpTranslator;
  /** Events waiting for the next delivery. */
  pending: HookEvent[];
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
  poll: ReturnType<typeof setInterval> | null;
  flush: ReturnType<typeof setTimeout> | null;
}

const PROTOCOL_VERSION = '1.3';
/** How often the browser's targets are looked through for new shared and service workers. */
const POLL_MS = 500;
/** Events of a busy worker leave together, at most this long after the first. */
const FLUSH_MS = 16;
const MAX_BATCH_EVENTS = 1000;

const captures = new Map<number, TabCapture>();

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
};

function send(debuggee: Debuggee, method: string, params: object = {}): Promise<unknown> {
  return chrome.debugger.sendCommand(debuggee, method, params);
}

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

function newWorker(debuggee: Debuggee, targetId: string, source: WorkerSource): WorkerTarget {
  return {
    debuggee,
    origin: { frameId: WORKER_FRAME_ID, documentId: `worker:${targetId}` },
    translator: createCdpTranslator(source, `w${targetId.slice(0, 12)}`, () => Date.now()),
    pending: [],
  };
}

/** The URL the tab shows now (a worker that starts may be the first news of a navigation). */
async function pageUrlOf(capture: TabCapture): Promise<string> {
  const page = (await send({ tabId: capture.tabId }, 'Target.getTargetInfo').catch(() => null)) as { targetInfo?: CdpTargetInfo } | null;
  if (page?.targetInfo) capture.pageUrl = page.targetInfo.url;
  return capture.pageUrl;
}

/** A target the tab's auto-attach brought, paused: watched if it is a worker, and let go. */
async function onAttached(capture: TabCapture, parent: Debuggee, info: CdpTargetInfo, sessionId: string): Promise<void> {
  const debuggee: Debuggee = { tabId: capture.tabId, sessionId };
  const starter = parent.sessionId ? capture.urlsBySession.get(parent.sessionId) ?? '' : await pageUrlOf(capture);
  capture.urlsBySession.set(sessionId, info.url);
  try {
    if (info.type === 'worker') {
      const name = info.title && info.title !== info.url ? info.title : '';
      capture.workersBySession.set(sessionId, newWorker(debuggee, info.targetId, { kind: 'dedicated', url: info.url, name, startedBy: starter }));
      await send(debuggee, 'Network.enable');
    }
    // Workers this one starts, or those of a frame in another process, come the same way.
    await send(debuggee, 'Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
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
    const { sessionId, targetInfo } = params as { sessionId: string; targetInfo: CdpTargetInfo };
    void onAttached(capture, source, targetInfo, sessionId);
    return;
  }
  if (method === 'Target.detachedFromTarget') {
    onDetachedSession(capture, (params as { sessionId: string }).sessionId);
    return;
  }
  const worker = source.sessionId !== undefined ? capture.workersBySession.get(source.sessionId) : source.targetId !== undefined ? capture.workersByTarget.get(source.targetId) : undefined;
  if (worker) queue(capture, worker, worker.translator.handle(method, params));
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
    capture.workersByTarget.set(target.id, newWorker(debuggee, target.id, { kind, url: target.url, name: '', startedBy: '' }));
    await send(debuggee, 'Network.enable').catch(() => undefined);
  }
}

let listening = false;

/** Starts watching the tab's workers; resolves to an error to show, or null once watching. */
export async function startWorkerCapture(tabId: number, sink: WorkerCaptureSink): Promise<string | null> {
  if (captures.has(tabId)) return null;
  if (!chrome.debugger) return 'Worker capture needs the “debugger” permission';
  if (!listening) {
    chrome.debugger.onEvent.addListener(onEvent);
    chrome.debugger.onDetach.addListener(onDetach);
    listening = true;
  }
  const capture: TabCapture = {
    tabId, sink, urlsBySession: new Map(), workersBySession: new Map(), workersByTarget: new Map(), pageUrl: '', poll: null, flush: null,
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
    captures.delete(tabId);
    return `Worker capture could not start: ${errorText(error)}`;
  }
  const poll = (): void => void pollSharedWorkers(capture).catch(() => undefined);
  capture.poll = setInterval(poll, POLL_MS);
  return null;
}

export async function stopWorkerCapture(tabId: number): Promise<void> {
  const capture = captures.get(tabId);
  if (!capture) return;
  const targets = [...capture.workersByTarget.keys()];
  finish(capture);
  await chrome.debugger.detach({ tabId }).catch(() => undefined);
  for (const targetId of targets) await chrome.debugger.detach({ targetId }).catch(() => undefined);
}

export const isCapturingWorkers = (tabId: number): boolean => captures.has(tabId);
