/**
 * The JSON text of a hook batch, `{ source, v, events }`, written without letting the page watch.
 *
 * `JSON.stringify(object)` looks up `toJSON` on every object it meets, up the prototype chain: a
 * page that defines `Object.prototype.toJSON` (or `Array.prototype.toJSON`) would be handed every
 * event and could tell the hook is there. Only primitives go through the saved `JSON.stringify`
 * here (it consults no `toJSON` for them); objects and arrays are written by hand. Hook events are
 * flat records of primitives and string arrays, which is all this has to handle.
 */
import { PROTOCOL_VERSION, SOURCE } from '../shared/constants';
import { heldBytes, type HeldEvent } from './held-event';
import { apply, isArray, jsonStringify, objectKeys } from './natives';
import { base64Of } from './payload';

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
 * A binary frame's bytes (the emitter reads a held Blob before it gets here) are encoded here; base64's alphabet is one JSON
 * never escapes, so it is quoted as is, which spares a scan of every byte (about 1 ms a megabyte).
 */
const dataJson = (value: unknown): string => (typeof value === 'string' ? stringify(value) : `"${base64Of(value as Uint8Array)}"`);

/** Base64 characters of `bytes` bytes. */
const base64Length = (bytes: number): number => (((bytes + 2) / 3) | 0) * 4;

/** Characters of payload the event's JSON will carry: what batches are bounded by. */
export const serializedPayloadLength = (event: HeldEvent): number =>
  event.type !== 'frame' ? 0 : typeof event.data === 'string' ? event.data.length : base64Length(heldBytes(event.data, event.size));

function eventJson(event: HeldEvent): string {
  const record = event as unknown as Record<string, unknown>;
  const keys = objectKeys(record);
  let json = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = record[key];
    if (value === undefined) continue;
    // The hook builds every event, and its keys are plain identifiers: quoted as they are.
    json += (json.length === 1 ? '"' : ',"') + key + '":' + (key === 'data' ? dataJson(value) : valueJson(value));
  }
  return json + '}';
}

/**
 * The same text as `JSON.stringify(envelope({ events }))` with binary data as base64, whatever the
 * page did to prototypes. `from` and `to` pick a run of `events` without copying it.
 */
export function batchJson(events: readonly HeldEvent[], from = 0, to = events.length): string {
  let json = BATCH_HEAD;
  for (let i = from; i < to; i++) json += (i === from ? '' : ',') + eventJson(events[i] as HeldEvent);
  return json + BATCH_TAIL;
}
