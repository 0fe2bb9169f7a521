/**
 * Puts every wrapper in place, the same in a page and in a worker: `Function.prototype.toString`'s
 * mask first, so that no wrapper is ever seen without it, then the stack mask (where the engine
 * needs one), so that no error a wrapper recaptures is ever seen with the hook's frames.
 */
import { hookResponseBody } from './body-tap';
import type { CaptureRules } from './capture-rules';
import { installStackMask, installToStringMask } from './disguise';
import type { Emit } from './emitter';
import { hookEventSource } from './eventsource';
import { hookFetch } from './fetch';
import { hookSharedWorker } from './shared-worker';
import { hookWebSocket } from './websocket';
import { hookXhr } from './xhr';

export function installWrappers(emit: Emit, rules: CaptureRules): void {
  installToStringMask();
  installStackMask();
  hookWebSocket(emit);
  hookEventSource(emit);
  hookResponseBody();
  hookFetch(emit, rules);
  hookXhr(emit, rules);
  hookSharedWorker(emit);
}
