/**
 * Reads what the content relay sends the hook: JSON text, parsed with the saved `JSON.parse` and
 * read only through own data properties (a field the relay left out would otherwise be looked up
 * on the page's `Object.prototype`, and a getter there would run).
 */
import { apply, getOwnPropertyDescriptor, hasOwn, jsonParse } from './natives';

/** The object the text holds, or null for anything else. */
export function parseRelayText(detail: unknown): object | null {
  if (typeof detail !== 'string') return null;
  let json: unknown;
  try {
    json = apply(jsonParse, null, [detail]);
  } catch {
    return null;
  }
  return typeof json === 'object' && json !== null ? json : null;
}

/** An own data property's value, or undefined: never a getter, never the prototype chain. */
export function field(record: object, key: string): unknown {
  const descriptor = getOwnPropertyDescriptor(record, key);
  return descriptor && hasOwn(descriptor, 'value') ? descriptor.value : undefined;
}
