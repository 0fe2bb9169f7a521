/**
 * Error stacks as the page would see them without the hook. Engines keep a stack in one of two
 * places: V8 as an own property of each error, which `Error.captureStackTrace` replaces;
 * SpiderMonkey behind `stack` accessors of `Error.prototype` and `DOMException.prototype`, where
 * `captureStackTrace` would add an own `stack` that no native error has. There the stack is kept
 * here instead, and disguise.ts wraps those accessors' getters to answer it.
 */
import {
  apply,
  captureStackTrace,
  createWeakStore,
  defineProperty,
  ErrorPrototype,
  getOwnPropertyDescriptor,
  isError,
  NO_ARGS,
  objectCreate,
  regExpExec,
  stringIndexOf,
  stringSlice,
  stringTrimEnd,
  TypeErrorCtor,
} from './natives';
import type { AnyFunction } from './disguise';

/** V8 keeps each error's stack on the error itself; SpiderMonkey does not. */
export const stacksAreOwn = getOwnPropertyDescriptor(new TypeErrorCtor(), 'stack') !== undefined;

/** Where stacks are not own properties: each recaptured or cleaned stack, for the wrapped getters to answer. */
const keptStacks = createWeakStore<object, string>();

/** The stack kept for `error`, where stacks are not own properties. */
export const stackKeptFor = (error: unknown): string | undefined => keptStacks.get(error);

/** Gives `error` the stack it would have had had the page itself called what `below` called. */
export function recaptureStack(error: object, below: AnyFunction): void {
  if (stacksAreOwn) {
    captureStackTrace(error, below);
    return;
  }
  // A holder without a prototype: nothing the page put on Object.prototype runs.
  const holder = objectCreate(null) as { stack?: unknown };
  captureStackTrace(holder, below);
  if (typeof holder.stack === 'string') keptStacks.set(error, holder.stack);
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

/** Learns, once, where the hook's own frames are (where it is evaluated, before any page script). */
export function learnOwnFramesLocation(): void {
  hookLocation = ownFramesLocation();
  if (!stacksAreOwn) nativeStackOf = getOwnPropertyDescriptor(ErrorPrototype, 'stack')?.get;
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
export function hideOwnFrames(error: unknown): void {
  // Genuine errors only (a brand check runs no Proxy trap): nothing the page made strange is touched.
  if (!hookLocation || !isError || !apply(isError, undefined, [error])) return;
  try {
    const own = stacksAreOwn ? getOwnPropertyDescriptor(error as object, 'stack') : undefined;
    const stack = stacksAreOwn ? (own?.get ? apply(own.get, error, NO_ARGS) : own?.value) : nativeStackOf && apply(nativeStackOf, error, NO_ARGS);
    if (typeof stack !== 'string') return;
    const cleaned = withoutOwnFrames(stack);
    if (cleaned === null) return;
    if (!stacksAreOwn) keptStacks.set(error as object, cleaned);
    else if (own?.set) apply(own.set, error, [cleaned]);
    else if (own && own.writable) defineProperty(error as object, 'stack', { value: cleaned, writable: true, enumerable: own.enumerable, configurable: own.configurable });
  } catch {
    // An error object the page made strange (a Proxy, a frozen one): left as it is.
  }
}
