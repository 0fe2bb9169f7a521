/**
 * Makes the hook's Proxies indistinguishable from the natives they stand for.
 *
 * A Proxy over a native function already forwards `name`, `length`, `prototype`, statics and
 * `instanceof`; two things still give it away:
 * - V8 prints every callable Proxy as `function () { [native code] }`, without the name; so
 *   `Function.prototype.toString` is itself wrapped to print the wrapped native's own source
 *   (and its own, for itself);
 * - an error a native throws from inside a trap has the trap in its stack trace, with the
 *   extension's URL; such errors get their stack recaptured from the page's call site.
 *
 * (error-stacks.ts says how, in V8 and in SpiderMonkey; where the engine keeps stacks behind
 * accessors, their getters are wrapped here to answer what it kept).
 */
import {
  ProxyCtor,
  apply,
  construct,
  createWeakStore,
  defineProperty,
  DOMExceptionPrototype,
  domExceptionName,
  ErrorPrototype,
  functionToString,
  getOwnPropertyDescriptor,
  getPrototypeOf,
  isError,
  queueMicrotaskNative,
  read,
  stringSlice,
} from './natives';
import { hideOwnFrames, learnOwnFramesLocation, recaptureStack, stackKeptFor, stacksAreOwn } from './error-stacks';
import { then } from './http-natives';
import { isPrimitive } from './primitive';

/** Any function at all: every signature is assignable to this one. */
export type AnyFunction = (...args: never[]) => unknown;

/** Proxy → the native it wraps, for `Function.prototype.toString`. */
const wrappedNatives = createWeakStore<object, object>();

/** A Proxy over a native function that `Function.prototype.toString` reports as that native. */
export function wrapNative<F extends object>(native: F, handler: ProxyHandler<F>): F {
  const proxy = new ProxyCtor(native, handler);
  wrappedNatives.set(proxy, native);
  return proxy;
}

/** Replaces `owner[key]` keeping its property attributes (writable, enumerable, configurable). */
export function replaceValue(owner: object, key: PropertyKey, value: unknown): void {
  const descriptor = getOwnPropertyDescriptor(owner, key);
  if (!descriptor || !('value' in descriptor)) throw new TypeError(`Frametap: ${String(key)} is not a data property`);
  defineProperty(owner, key, {
    value,
    writable: descriptor.writable,
    enumerable: descriptor.enumerable,
    configurable: descriptor.configurable,
  });
}

/**
 * The object on `object`'s prototype chain that holds `key` itself: a page's `window` holds its
 * `fetch`, a worker's scope inherits it from WorkerGlobalScope.prototype.
 */
export function ownerOf(object: object, key: PropertyKey): object {
  for (let owner: object | null = object; owner !== null; owner = getPrototypeOf(owner) as object | null) {
    if (getOwnPropertyDescriptor(owner, key)) return owner;
  }
  return object;
}

const BLINK_BINDING_ERROR = 'Failed to ';

function isDOMException(error: object): boolean {
  try {
    read(domExceptionName, error);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `error` was created by the native itself, rather than by page code the native ran while
 * converting an object argument (a `toString`, an iterator, a dictionary getter): such an error's
 * stack must keep the page's own frames. Any error is the native's when every argument was a
 * primitive, since converting primitives runs no page code; a DOMException always is; and so is a
 * genuine Error (`Error.isError`: no Proxy trap runs) with one of Blink's binding messages, like
 * "Failed to construct 'WebSocket': Cannot convert a Symbol value to a string".
 */
function isNativeError(error: unknown, args: readonly unknown[]): error is object {
  if (typeof error !== 'object' || error === null) return false;
  let primitives = true;
  for (let i = 0; i < args.length; i++) if (!isPrimitive(args[i])) primitives = false;
  if (primitives || isDOMException(error)) return true;
  if (!isError || !apply(isError, undefined, [error])) return false;
  const message: unknown = getOwnPropertyDescriptor(error, 'message')?.value;
  return typeof message === 'string' && apply(stringSlice, message, [0, BLINK_BINDING_ERROR.length]) === BLINK_BINDING_ERROR;
}

/**
 * Where stacks live behind accessors (SpiderMonkey), makes their getters answer the stacks
 * error-stacks.ts recaptured or cleaned (and the natives' otherwise).
 */
export function installStackMask(): void {
  learnOwnFramesLocation();
  if (stacksAreOwn) return;
  const prototypes = [ErrorPrototype, DOMExceptionPrototype];
  for (let i = 0; i < prototypes.length; i++) {
    const prototype = prototypes[i] as object;
    const descriptor = getOwnPropertyDescriptor(prototype, 'stack');
    const get = descriptor?.get;
    if (!descriptor || !get) continue;
    const handler: ProxyHandler<typeof get> = {
      apply(target, thisArg: unknown, args: unknown[]): unknown {
        return stackKeptFor(thisArg) ?? applyNative(handler.apply as AnyFunction, target, thisArg, args);
      },
    };
    defineProperty(prototype, 'stack', { get: wrapNative(get, handler), set: descriptor.set, enumerable: descriptor.enumerable, configurable: descriptor.configurable });
  }
}

/** Gives a native's error the stack it would have had without `trap` in between. */
function hideTrap(error: unknown, args: readonly unknown[], trap: AnyFunction): void {
  if (isNativeError(error, args)) recaptureStack(error, trap);
  else hideOwnFrames(error);
}

/** Calls a native method from inside `trap`; an error it throws looks as if the page called it. */
export function applyNative<R>(trap: AnyFunction, native: AnyFunction, thisArg: unknown, args: readonly unknown[]): R {
  try {
    return apply(native, thisArg, args) as R;
  } catch (error) {
    hideTrap(error, args, trap);
    throw error;
  }
}

/** `Reflect.construct` from inside `trap`; an error it throws looks as if the page called `new`. */
export function constructNative<R extends object>(
  trap: AnyFunction,
  native: new (...args: never[]) => R,
  args: readonly unknown[],
  newTarget: AnyFunction,
): R {
  try {
    return construct(native, args, newTarget) as R;
  } catch (error) {
    hideTrap(error, args, trap);
    throw error;
  }
}

/** Makes `Function.prototype.toString` print native source for every Proxy made by `wrapNative`. */
export function installToStringMask(): void {
  const handler: ProxyHandler<typeof functionToString> = {
    apply(target, thisArg: unknown, args: unknown[]): string {
      return applyNative(handler.apply as AnyFunction, target, wrappedNatives.get(thisArg) ?? thisArg, args);
    },
  };
  replaceValue(Function.prototype, 'toString', wrapNative(functionToString, handler));
}

/**
 * The page's promise of what a native called from inside a trap returns, settled as the native's
 * with `onFulfilled` run first. A native that rejects at once (a bad argument, a used body) made its
 * error with the trap on the stack; the page must not see that frame, and once the call returned
 * the stack can no longer be recaptured at the page's call site, so it is recaptured empty, like the
 * stack of an error from a network task. A later rejection (an abort, a network error) keeps its
 * error as it is. Derived from the native's promise, the page's stays unhandled if the page leaves
 * it so.
 */
export function settleAsNative<T, R>(promise: Promise<T>, args: readonly unknown[], onFulfilled: (value: T) => R): Promise<R> {
  let atOnce = true;
  const settled = then(promise, onFulfilled, function onRejected(error: unknown): never {
    if (atOnce && isNativeError(error, args)) recaptureStack(error, onRejected);
    throw error;
  });
  // Queued after the reaction of a promise rejected already, before that of one rejected later.
  queueMicrotaskNative(() => {
    atOnce = false;
  });
  return settled;
}
