/**
 * One worker as the debugger reaches it, and the hooking of a dedicated worker that has not run
 * yet: the worker hook (src/hook/worker-hook.ts) evaluated before its first script, its bridge
 * called for controls and commands, its batches stamped with the worker they came from.
 */
import workerHookSource from 'virtual:frametap-worker-hook';
import { WORKER_BINDING } from '../shared/constants';
import type { HookRule } from '../shared/intercept-rules';
import { WORKER_FRAME_ID, type FrameOrigin, type HookCommand, type HookControl, type HookEvent, type WorkerSource } from '../shared/protocol';
import { createCdpTranslator, type CdpTranslator } from './cdp-events';

export type Debuggee = chrome.debugger.Debuggee & { sessionId?: string };

/** How long a starting worker may take to reach its first script. */
const PAUSE_TIMEOUT_MS = 5000;
/**
 * How long the bridge may take to answer. A worker that is ending can leave a call unanswered until
 * its session is gone, which Chrome may never say: a stop, a heartbeat or a command must not wait on it.
 */
const BRIDGE_TIMEOUT_MS = 2000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The worker did not answer')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export function send(debuggee: Debuggee, method: string, params: object = {}): Promise<unknown> {
  return chrome.debugger.sendCommand(debuggee, method, params);
}

export interface WorkerTarget {
  debuggee: Debuggee;
  origin: FrameOrigin;
  source: WorkerSource;
  /** Read-only watching: the debugger's network events, as hook events. */
  translator: CdpTranslator;
  /** Events waiting for the next delivery. */
  pending: HookEvent[];
  /** The hooked worker's bridge (worker-hook.ts), as the debugger's object id; null when only watched. */
  bridge: string | null;
  /** Waiting for the worker to pause before its first script (hookWorker). */
  onPaused: (() => void) | null;
}

export function newWorker(debuggee: Debuggee, targetId: string, source: WorkerSource): WorkerTarget {
  return {
    debuggee,
    origin: { frameId: WORKER_FRAME_ID, documentId: `worker:${targetId}` },
    source,
    translator: createCdpTranslator(source, `w${targetId.slice(0, 12)}`, () => Date.now()),
    pending: [],
    bridge: null,
    onPaused: null,
  };
}

/** Calls the hooked worker's bridge; resolves to what it returned. */
export async function callBridge(worker: WorkerTarget, kind: 'control' | 'command', message: HookControl | HookCommand): Promise<string> {
  if (worker.bridge === null) return '';
  const call = send(worker.debuggee, 'Runtime.callFunctionOn', {
    objectId: worker.bridge,
    functionDeclaration: 'function (kind, json) { return this(kind, json); }',
    arguments: [{ value: kind }, { value: JSON.stringify(message) }],
    returnByValue: true,
    silent: true,
  });
  const reply = (await within(call, BRIDGE_TIMEOUT_MS)) as { result?: { value?: unknown } } | undefined;
  return typeof reply?.result?.value === 'string' ? reply.result.value : '';
}

/** A hooked worker hears that it is still watched (an attach that replays nothing): see worker-hook.ts. */
export function heartbeat(worker: WorkerTarget): void {
  void callBridge(worker, 'control', { op: 'attach', replay: false }).catch(() => '');
}

/** Resolves when the worker's debugger pauses, or false after a while (the worker went away). */
function pauseOf(worker: WorkerTarget): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), PAUSE_TIMEOUT_MS);
    worker.onPaused = () => {
      clearTimeout(timer);
      worker.onPaused = null;
      resolve(true);
    };
  });
}

/**
 * Evaluates the worker hook in a worker that has not run any script yet, and hands it what a relay
 * would: the tab's rules, the backlog budget, then the attach. Resolves to whether the worker is hooked.
 *
 * A worker waiting for the debugger has no complete global scope yet (not even `setTimeout`): it
 * is let go up to a breakpoint before its first script runs, where its scope is whole, and the hook
 * is evaluated there.
 */
/** What a worker's hook is told before it streams: the tab's rules, and the page backlog budget the user set. */
export interface HookSetup {
  rules: HookRule[];
  backlogBytes: number;
}

export async function hookWorker(worker: WorkerTarget, { rules, backlogBytes }: HookSetup): Promise<boolean> {
  const { debuggee } = worker;
  const paused = pauseOf(worker);
  // Sent together, answered in order: the worker waits one round trip, not four. The binding is
  // installed as the scope is made: added later, it would not be.
  await Promise.all([
    send(debuggee, 'Runtime.addBinding', { name: WORKER_BINDING }),
    send(debuggee, 'Debugger.enable'),
    send(debuggee, 'Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptExecution' }),
    send(debuggee, 'Runtime.runIfWaitingForDebugger'),
  ]);
  try {
    if (!(await paused)) return false;
    const evaluated = (await send(debuggee, 'Runtime.evaluate', { expression: workerHookSource, silent: true })) as
      | { result?: { type?: string; objectId?: string }; exceptionDetails?: unknown }
      | undefined;
    const objectId = evaluated?.result?.type === 'function' ? evaluated.result.objectId : undefined;
    if (evaluated?.exceptionDetails !== undefined || objectId === undefined) {
      // The hook could not install (its binding missing, a global it needs gone): the worker is
      // watched instead, from before its first script.
      await send(debuggee, 'Network.enable');
      return false;
    }
    worker.bridge = objectId;
    // Rules before the worker's first message; the attach can follow it (what came first is kept, and replayed).
    if (rules.length > 0) await callBridge(worker, 'control', { op: 'rules', rules });
  } finally {
    // Disabling the debugger resumes the worker: its first script runs now.
    await send(debuggee, 'Debugger.disable').catch(() => undefined);
  }
  await callBridge(worker, 'control', { op: 'budget', maxBytes: backlogBytes });
  await callBridge(worker, 'control', { op: 'attach', replay: true });
  return true;
}

/**
 * A hooked worker's batch, with its worker named on each connection's create event. The hook
 * does not know which worker it is in; only the batches that create connections are rewritten.
 */
export function stampWorker(json: string, source: WorkerSource): string {
  if (!json.includes('"type":"create"')) return json;
  try {
    const batch = JSON.parse(json) as { events?: unknown };
    if (!Array.isArray(batch.events)) return json;
    for (const event of batch.events as Record<string, unknown>[]) if (event?.type === 'create') event.worker = source;
    return JSON.stringify(batch);
  } catch {
    return json; // The panel's guards drop what does not read.
  }
}
