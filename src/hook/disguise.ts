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
 * Engines keep an error's stack in one of two places, and the recaptured stack goes where the
 * engine keeps it: V8 has it as an own property of each error, which `Error.captureStackTrace`
 * replaces; SpiderMonkey behind `stack` accessors of `Error.prototype` and
 * `DOMException.prototype`, where `captureStackTrace` would add an own `stack` that no native error
 * has. There the recaptured stack is kept aside, and those accessors' getters, wrapped, answer it.
 */
import {
  ProxyCtor,
  apply,
  captureStackTrace,
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
  objectCreate,
  queueMicrotaskNative,
  NO_ARGS,
  read,
  regExpExec,
  stringIndexOf,
  stringSlice,
  stringTrimEnd,
  TypeErrorCtor,
} from './natives';
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

/** V8 keeps each error's stack on the error itself; SpiderMonkey does not. */
const stacksAreOwn = getOwnPropertyDescriptor(new TypeErrorCtor(), 'stack') !== undefined;

/** Where stacks are not own properties: each recaptured stack, answered by the wrapped getters. */
const recapturedStacks = createWeakStore<object, string>();

/** Gives `error` the stack it would have had had the page itself called what `below` called. */
export function recaptureStack(error: object, below: AnyFunction): void {
  if (stacksAreOwn) {
    captureStackTrace(error, below);
    return;
  }
  // A holder without a prototype: nothing the page put on Object.prototype runs.
  const holder = objectCreate(null) as { stack?: unknown };
  captureStackTrace(holder, below);
  if (typeof holder.stack === 'string') recapturedStacks.set(error, holder.stack);
}

/** Where the engine says the hook's own code is, as it writes it in a stack's frames. */
let hookLocation: string | undefined;
/** The native `Error.prototype.stack` getter, where stacks are not own properties. */
let nativeStackOf: ((this: object) => unknown) | undefined;

/**
 * A frame's location: `at name (location:line:column)` or `at location:line:column` (V8),
 * `name@location:line:column` (SpiderMonkey).
 */
const FRAME_LOCATION = /(?:^\s*at |[(@])([^()@]*?):\d+:\d+\)?$/;

/** The lines of a stack, each with its line break. */
function linesOf(stack: string): string[] {
  const lines: string[] = [];
  for (let start = 0; start < stack.length; ) {
    const newline = apply(stringIndexOf, stack, ['\n', start]) as number;
    const end = newline < 0 ? stack.length : newline + 1;
    lines[lines.length] = apply(stringSlice, stack, [start, end]) as string;
    start = end;
  }
  return lines;
}

function ownFramesLocation(): string | undefined {
  const holder = objectCreate(null) as { stack?: unknown };
  captureStackTrace(holder);
  if (typeof holder.stack !== 'string') return undefined;
  // The first frame is this function's own.
  const lines = linesOf(holder.stack);
  for (let i = 0; i < lines.length; i++) {
    const match = apply(regExpExec, FRAME_LOCATION, [apply(stringTrimEnd, lines[i], NO_ARGS)]) as RegExpExecArray | null;
    if (match) return match[1];
  }
  return undefined;
}

/** The stack without the hook's frames, or null when it has none. */
function withoutOwnFrames(stack: string): string | null {
  if (!hookLocation) return null;
  const lines = linesOf(stack);
  let kept = '';
  let dropped = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const match = apply(regExpExec, FRAME_LOCATION, [apply(stringTrimEnd, line, NO_ARGS)]) as RegExpExecArray | null;
    if (match && match[1] === hookLocation) dropped = true;
    else kept += line;
  }
  return dropped ? kept : null;
}

/**
 * An error that page code made while a native converted the page's argument (its `toString`
 * threw) has the trap's frames between the page's; natively there would be none, and the page
 * must see none. Its stack cannot be recaptured (the page's own frames above the trap are gone by
 * then), so the hook's frames are taken out of it: where stacks are own properties, through the
 * error's own `stack` (a page's `Error.prepareStackTrace` that returns anything but a string is
 * left alone); elsewhere, the wrapped getters answer the stack without them.
 */
function hideOwnFrames(error: unknown): void {
  if (!hookLocation || isPrimitive(error)) return;
  try {
    const own = stacksAreOwn ? getOwnPropertyDescriptor(error as object, 'stack') : undefined;
    const stack = stacksAreOwn ? (own?.get ? apply(own.get, error, NO_ARGS) : own?.value) : nativeStackOf && apply(nativeStackOf, error, NO_ARGS);
    if (typeof stack !== 'string') return;
    const cleaned = withoutOwnFrames(stack);
    if (cleaned === null) return;
    if (!stacksAreOwn) recapturedStacks.set(error as object, cleaned);
    else if (own?.set) apply(own.set, error, [cleaned]);
    else if (own && own.writable) defineProperty(error as object, 'stack', { value: cleaned, writable: true, enumerable: own.enumerable, configurable: own.configurable });
  } catch {
    // An error object the page made strange (a Proxy, a frozen one): left as it is.
  }
}

/**
 * Learns where the hook's frames are, and, where stacks live behind accessors, makes their getters
 * answer recaptured stacks (and the natives' otherwise).
 */
export function installStackMask(): void {
  hookLocation = ownFramesLocation();
  if (stacksAreOwn) return;
  nativeStackOf = getOwnPropertyDescriptor(ErrorPrototype, 'stack')?.get;
  const prototypes = [ErrorPrototype, DOMExceptionPrototype];
  for (let i = 0; i < prototypes.length; i++) {
    const prototype = prototypes[i] as object;
    const descriptor = getOwnPropertyDescriptor(prototype, 'stack');
    const get = descriptor?.get;
    if (!descriptor || !get) continue;
    const handler: ProxyHandler<typeof get> = {
      apply(target, thisArg: unknown, args: unknown[]): unknown {
        return recapturedStacks.get(thisArg) ?? applyNative(handler.apply as AnyFunction, target, thisArg, args);
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
