/**
 * The JSON text of a HookBatch, written without letting the page watch.
 *
 * `JSON.stringify(object)` looks up `toJSON` on every object it meets, up the prototype chain: a
 * page that defines `Object.prototype.toJSON` (or `Array.prototype.toJSON`) would be handed every
 * event and could tell the hook is there. Only primitives go through the saved `JSON.stringify`
 * here (it consults no `toJSON` for them); objects and arrays are written by hand. Hook events are
 * flat records of primitives and string arrays, which is all this has to handle.
 */
import { PROTOCOL_VERSION, SOURCE } from '../shared/constants';
import type { HookEvent } from '../shared/protocol';
import { apply, isArray, jsonStringify, objectKeys } from './natives';

const stringify = (value: unknown): string => apply(jsonStringify, null, [value]) as string;

const BATCH_HEAD = `{"source":${stringify(SOURCE)},"v":${stringify(PROTOCOL_VERSION)},"events":[`;
const BATCH_TAIL = ']}';

function arrayJson(values: readonly unknown[]): string {
  let json = '[';
  for (let i = 0; i < values.length; i++) json += (i === 0 ? '' : ',') + stringify(values[i]);
  return json + ']';
}

function valueJson(value: unknown): string {
  return isArray(value) ? arrayJson(value) : stringify(value);
}

/**
 * A binary frame's data is base64 the hook wrote itself (payload.ts), whose alphabet JSON never
 * escapes: it is quoted as is, which spares a scan of every byte (about 1 ms a megabyte).
 */
const dataJson = (event: HookEvent, value: unknown): string =>
  event.type === 'frame' && event.opcode === 'binary' ? `"${value as string}"` : valueJson(value);

function eventJson(event: HookEvent): string {
  const record = event as unknown as Record<string, unknown>;
  const keys = objectKeys(record);
  let json = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = record[key];
    if (value === undefined) continue;
    // The hook builds every event, and its keys are plain identifiers: quoted as they are.
    json += (json.length === 1 ? '"' : ',"') + key + '":' + (key === 'data' ? dataJson(event, value) : valueJson(value));
  }
  return json + '}';
}

/** The same text as `JSON.stringify(envelope({ events }))`, whatever the page did to prototypes. */
export function batchJson(events: readonly HookEvent[]): string {
  let json = BATCH_HEAD;
  for (let i = 0; i < events.length; i++) json += (i === 0 ? '' : ',') + eventJson(events[i] as HookEvent);
  return json + BATCH_TAIL;
}
