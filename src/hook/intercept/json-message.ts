/**
 * A message's JSON, for rules that look at (or rewrite) one field, or at a Socket.IO event's name.
 *
 * A Socket.IO packet is JSON behind a short prefix (`42["chat",{…}]`, `42/admin,7["chat"]`): the
 * prefix is kept aside, and a path addresses the packet's array (`0` is the event's name, `1.text`
 * its first argument's field). Parsed with the saved `JSON.parse`, read through own data
 * properties, changed with `defineProperty` and written back by hand: a page's setters and
 * `toJSON`s on the prototypes never run.
 */
import { apply, defineProperty, isArray, jsonParse, jsonStringify, objectKeys, regExpExec, stringSlice } from '../natives';
import { field } from '../relay-text';

/** Deeper JSON than this is not walked (a hostile message could nest far deeper): rules pass it by. */
const MAX_DEPTH = 256;

export interface JsonMessage {
  /** A Socket.IO packet's prefix (`42`, `42/admin,7`), or empty for plain JSON. */
  prefix: string;
  value: unknown;
}

/** An Engine.IO message (4) holding a Socket.IO packet of any type, its namespace and its ack id. */
const SOCKET_IO_PREFIX = /^4\d(?:\/[^,[{"]*,)?\d*(?=[[{])/;
/** A Socket.IO EVENT (2) or ACK-expecting event. */
const SOCKET_IO_EVENT = /^42/;

const stringify = (value: unknown): string => apply(jsonStringify, null, [value]) as string;

/**
 * An object or an array, by its first and last characters: only those have fields to look into,
 * and most messages that are no JSON say so here, without an exception thrown (and caught), which
 * costs a page far more than the parse.
 */
const JSON_CONTAINER = /^\s*(?:\{[\s\S]*\}|\[[\s\S]*\])\s*$/;

export function parseJsonMessage(text: string): JsonMessage | null {
  const found = apply(regExpExec, SOCKET_IO_PREFIX, [text]) as RegExpExecArray | null;
  const prefix = found ? found[0] : '';
  const json = prefix === '' ? text : (apply(stringSlice, text, [prefix.length]) as string);
  if (apply(regExpExec, JSON_CONTAINER, [json]) === null) return null;
  try {
    return { prefix, value: apply(jsonParse, null, [json]) };
  } catch {
    return null;
  }
}

/** The name of the Socket.IO event the message is (given its text and its parsed JSON), or null. */
export function socketIoEventName(text: string, message: JsonMessage | null): string | null {
  if (apply(regExpExec, SOCKET_IO_EVENT, [text]) === null) return null;
  if (!message || !isArray(message.value)) return null;
  const name = field(message.value, '0');
  return typeof name === 'string' ? name : null;
}

const key = (segment: string | number): string => `${segment}`;

/** The value at `path` (its first `length` segments), or undefined when the path leads nowhere. */
export function valueAt(value: unknown, path: readonly (string | number)[], length = path.length): unknown {
  let at = value;
  for (let i = 0; i < length; i++) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = field(at, key(path[i] as string | number));
  }
  return at;
}

/** A field's value as a rule compares it: strings as they are, anything else as its JSON. */
export function fieldText(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  return writeJson(value);
}

/** Sets (or, with `value` undefined, deletes) the field at `path`; false when its parent is not there. */
export function editAt(root: unknown, path: readonly (string | number)[], value: unknown): boolean {
  const parent = valueAt(root, path, path.length - 1);
  const last = path[path.length - 1];
  if (typeof parent !== 'object' || parent === null || last === undefined) return false;
  if (value !== undefined) {
    defineProperty(parent, key(last), { value, writable: true, enumerable: true, configurable: true });
    return true;
  }
  if (!isArray(parent)) return delete (parent as Record<string, unknown>)[key(last)];
  // An array keeps no hole: the items after it move down, as `splice` would.
  const index = typeof last === 'number' ? last : -1;
  if (index < 0 || index >= parent.length) return false;
  for (let i = index; i < parent.length - 1; i++) defineProperty(parent, key(i), { value: field(parent, key(i + 1)), writable: true, enumerable: true, configurable: true });
  parent.length -= 1;
  return true;
}

/** `value` (parsed JSON, perhaps edited) as JSON text; null when it nests deeper than a rule walks. */
export function writeJson(value: unknown, depth = 0): string | null {
  if (typeof value !== 'object' || value === null) return stringify(value) ?? 'null';
  if (depth > MAX_DEPTH) return null;
  let json = '';
  if (isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = writeJson(field(value, key(i)), depth + 1);
      if (item === null) return null;
      json += (i === 0 ? '' : ',') + item;
    }
    return `[${json}]`;
  }
  const keys = objectKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i] as string;
    const item = field(value, name);
    if (item === undefined) continue;
    const text = writeJson(item, depth + 1);
    if (text === null) return null;
    json += (json === '' ? '' : ',') + stringify(name) + ':' + text;
  }
  return `{${json}}`;
}
