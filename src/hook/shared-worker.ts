/**
 * Which documents connect to a shared worker. The debugger that watches a shared worker does not
 * know (background/worker-capture.ts), so the page says it: `SharedWorker` is wrapped like the
 * socket classes (the same constructor, prototype, `instanceof` and errors, through the native),
 * and each construction that succeeded records the worker's URL and name in the document's
 * backlog, nothing else. Only what converts without running page code is read: a string or a
 * genuine URL for the script, a string or an own data property `name` for the options.
 */
import type { Emit } from './emitter';
import { constructNative, replaceValue, wrapNative, type AnyFunction } from './disguise';
import { openConnection, record } from './connection';
import { frameUrl } from './frame-url';
import { urlHref } from './http-natives';
import { URLCtor, apply, getOwnPropertyDescriptor, getterOf, hasOwn, read } from './natives';

const NativeSharedWorker = (globalThis as { SharedWorker?: typeof SharedWorker }).SharedWorker;
const documentBaseUri = typeof document === 'undefined' ? null : getterOf<string>(Node.prototype, 'baseURI');

/** The script URL the browser resolved, when it can be known without running page code. */
function scriptUrlOf(script: unknown): string | null {
  if (typeof script !== 'string') {
    try {
      // A URL's href, through the saved getter: only a genuine URL has one.
      return read(urlHref, script as URL);
    } catch {
      return null;
    }
  }
  if (!documentBaseUri) return null;
  try {
    return read(urlHref, new URLCtor(script, apply(documentBaseUri, document, []) as string));
  } catch {
    return null;
  }
}

function nameOf(options: unknown): string | null {
  if (options === undefined) return '';
  if (typeof options === 'string') return options;
  if (typeof options !== 'object' || options === null) return null;
  const descriptor = getOwnPropertyDescriptor(options, 'name');
  if (!descriptor) return '';
  return hasOwn(descriptor, 'value') && typeof descriptor.value === 'string' ? descriptor.value : null;
}

export function hookSharedWorker(emit: Emit): void {
  if (!NativeSharedWorker || !documentBaseUri) return;
  function construct(target: typeof SharedWorker, args: unknown[], newTarget: AnyFunction): SharedWorker {
    const worker = constructNative(construct, target, args, newTarget);
    try {
      const url = scriptUrlOf(args[0]);
      const name = nameOf(args[1]);
      if (url !== null && name !== null) record(openConnection(emit), { type: 'worker-client', url, name, frameUrl: frameUrl() });
    } catch {
      // The page keeps its worker; only its attribution is lost.
    }
    return worker;
  }
  const HookedSharedWorker = wrapNative(NativeSharedWorker, { construct });
  replaceValue(NativeSharedWorker.prototype, 'constructor', HookedSharedWorker);
  replaceValue(globalThis, 'SharedWorker', HookedSharedWorker);
}
