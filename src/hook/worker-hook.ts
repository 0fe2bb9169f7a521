/**
 * Frametap's hook inside a dedicated worker. The service worker evaluates this bundle through
 * Chrome's debugger while the worker is paused before its first script (background/
 * worker-capture.ts), so the same wrappers as in a page are in place before any worker code, on a
 * worker whose URL, origin, CSP and errors are its own.
 *
 * There is no content relay in a worker: the debugger stands in for it. Batches leave through the
 * CDP binding WORKER_BINDING, taken and deleted here so that no worker script can call it; the
 * service worker's controls and commands come in through the bridge this bundle evaluates to,
 * which only the debugger holds. The bridge applies them itself rather than dispatching events:
 * a worker paused in the debugger, as it is when the first controls come, runs no listeners.
 */
import { EVENT_HOOK_BATCH, WORKER_BINDING, WORKER_HEARTBEAT_MS } from '../shared/constants';
import { createCaptureRules } from './capture-rules';
import { answerCommand } from './commands';
import { applyControl } from './controls';
import { createEmitter } from './emitter';
import { addEventListener, apply, customEventDetail, nativeSetTimeout, now, read } from './natives';
import { installWrappers } from './wrappers';

type Binding = (payload: string) => void;

const scope = globalThis as unknown as Record<string, unknown>;
const binding = scope[WORKER_BINDING];
delete scope[WORKER_BINDING];
// Thrown while the debugger evaluates this, before any wrapper: the service worker only watches then.
if (typeof binding !== 'function') throw new TypeError('Frametap: no binding');
const sendBatch = binding as Binding;

/**
 * The listener runs in the worker's own scope: anything it threw would reach the worker's `error`
 * handlers. A binding whose session is gone, or a batch the debugger will not carry, is dropped.
 */
function send(event: Event): void {
  try {
    sendBatch(read(customEventDetail, event) as string);
  } catch {
    // The panel counts what never came as a gap in the connection's sequence numbers.
  }
}

const channel = new EventTarget();
const emitter = createEmitter();
const rules = createCaptureRules();
emitter.connect(channel);
apply(addEventListener, channel, [EVENT_HOOK_BATCH, send]);
installWrappers(emitter.emit, rules);

/**
 * A debugger session can end with nobody left to say `detach`: Frametap reloaded, or the user
 * closed Chrome's debugging bar. The service worker calls in every WORKER_HEARTBEAT_MS while it
 * watches; a hook that has heard nothing for a while detaches itself, as a page's hook does when
 * its relay goes, and lets go of whatever its rules held.
 */
const SILENCE_MS = WORKER_HEARTBEAT_MS * 5;
const DETACH = '{"op":"detach"}';
let lastHeard = 0;
let watching = false;

function watchdog(): void {
  if (now() - lastHeard < SILENCE_MS) {
    apply(nativeSetTimeout, undefined, [watchdog, WORKER_HEARTBEAT_MS]);
    return;
  }
  watching = false;
  applyControl(DETACH, emitter, rules);
}

/** What the debugger calls: a control (nothing to answer) or a command (its result's JSON). */
export default function bridge(kind: 'control' | 'command', json: string): string {
  lastHeard = now();
  if (kind === 'command') return answerCommand(json);
  applyControl(json, emitter, rules);
  if (!watching && json !== DETACH) {
    watching = true;
    apply(nativeSetTimeout, undefined, [watchdog, WORKER_HEARTBEAT_MS]);
  }
  return '';
}
