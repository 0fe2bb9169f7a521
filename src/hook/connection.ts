/**
 * One captured connection: its id, its sequence numbers, and the order its events leave in.
 *
 * Every event gets its sequence number and time synchronously, when the page sees the thing
 * happen. A Blob payload is read asynchronously; its event keeps the number it got, and the
 * connection's later events wait behind it, so that each connection's events leave in seq order.
 */
import type { CloseInitiator, ConnId } from '../shared/protocol';
import type { Emit } from './emitter';
import type { HeldEvent } from './held-event';
import { getRandomValues, now } from './natives';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as its producer describes it; the connection stamps `conn`, `seq` and `time`. */
export type EventBody = DistributiveOmit<HeldEvent, 'conn' | 'seq' | 'time'>;

interface Slot {
  /** Null while its payload is still being read. */
  event: HeldEvent | null;
}

/** What a connection carried in one direction so far: the truth the panel's counts come from. */
interface Totals {
  messages: number;
  bytes: number;
}

export interface Connection {
  readonly id: ConnId;
  nextSeq: number;
  readonly sent: Totals;
  readonly received: Totals;
  /** Who asked to close first, once someone did: the close event reports it. */
  closeInitiator: CloseInitiator | null;
  readonly emit: Emit;
  /** Events waiting behind an unfinished read, in seq order (`heldStart` is the first one). */
  readonly held: Slot[];
  heldStart: number;
}

/**
 * Random per document, so that ids stay unique across frames, documents and reloads (a counter
 * alone would collide). 128 bits, a few dozen characters: well within the 64 a ConnId may have.
 */
function documentToken(): string {
  const words = getRandomValues(new Uint32Array(4));
  let token = '';
  for (const word of words) token += word.toString(36);
  return token;
}
// Evaluated at document_start, before the page could patch what this uses.
const DOCUMENT_TOKEN = documentToken();
let connectionCount = 0;

export function openConnection(emit: Emit): Connection {
  connectionCount += 1;
  return {
    id: `${DOCUMENT_TOKEN}.${connectionCount}`,
    nextSeq: 0,
    sent: { messages: 0, bytes: 0 },
    received: { messages: 0, bytes: 0 },
    closeInitiator: null,
    emit,
    held: [],
    heldStart: 0,
  };
}

/**
 * Hands an event on, in seq order. A frame is counted here rather than when it is stamped, so
 * that the totals it carries follow seq order even when a Blob read held it back.
 */
function leave(connection: Connection, event: HeldEvent): void {
  if (event.type === 'frame') {
    const totals = event.dir === 'out' ? connection.sent : connection.received;
    totals.messages += 1;
    totals.bytes += event.size;
    event.totalMessages = totals.messages;
    event.totalBytes = totals.bytes;
  }
  connection.emit(event);
}

function stamp(connection: Connection, body: EventBody): HeldEvent {
  return { conn: connection.id, seq: connection.nextSeq++, time: now(), ...body } as HeldEvent;
}

/** Emits an event of `connection` now, or after the reads it must wait for. */
export function record(connection: Connection, body: EventBody): void {
  const event = stamp(connection, body);
  if (connection.heldStart === connection.held.length) leave(connection, event);
  else connection.held[connection.held.length] = { event };
}

/**
 * Takes the next sequence number and time now, for an event whose body is known later (a Blob
 * being read). Later events of the connection wait until `complete` is called.
 */
export function reserve(connection: Connection): (body: EventBody) => void {
  const slot: Slot = { event: null };
  const { id: conn, nextSeq: seq } = connection;
  const time = now();
  connection.nextSeq += 1;
  connection.held[connection.held.length] = slot;
  return (body) => {
    slot.event = { conn, seq, time, ...body } as HeldEvent;
    release(connection);
  };
}

function release(connection: Connection): void {
  const { held } = connection;
  // Reads stay in bounds: past the end, an index is looked up on the page's Array.prototype.
  while (connection.heldStart < held.length) {
    const next = (held[connection.heldStart] as Slot).event;
    if (!next) break;
    leave(connection, next);
    connection.heldStart += 1;
  }
  if (connection.heldStart === held.length) {
    held.length = 0;
    connection.heldStart = 0;
  }
}
