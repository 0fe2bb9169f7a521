/**
 * One captured connection: its id, its sequence numbers and its running totals.
 *
 * Every event gets its sequence number, its time and (a frame) its totals synchronously, when the
 * page sees the thing happen, and leaves at once: even a Blob frame, which is read later, only if
 * a panel asks (emitter.ts).
 */
import type { CloseInitiator, ConnId, Direction, FrameVia } from '../shared/protocol';
import type { Emit } from './emitter';
import type { HeldEvent } from './held-event';
import { getRandomValues, now } from './natives';
import type { CapturedPayload } from './payload';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as its producer describes it; the connection stamps `conn`, `seq` and `time`. */
export type EventBody = DistributiveOmit<HeldEvent, 'conn' | 'seq' | 'time'>;

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
  };
}

/** Counts a frame in its direction's running totals, and returns them. */
function count(connection: Connection, dir: Direction, size: number): Totals {
  const totals = dir === 'out' ? connection.sent : connection.received;
  totals.messages += 1;
  totals.bytes += size;
  return totals;
}

// Every field of an event is in the one literal that makes it: assigning a new one later would
// run any setter the page put on Object.prototype under that name, with the event as `this`.

/**
 * Emits an event of `connection`, a frame with its direction's running totals, this one included.
 * `time` is now, unless the event happened before the hook could know it was one to record (an
 * HTTP request, recorded once its response showed it to be part of a stream or channel).
 */
export function record(connection: Connection, body: EventBody, time = now()): void {
  const seq = connection.nextSeq++;
  if (body.type !== 'frame') {
    connection.emit({ conn: connection.id, seq, time, ...body } as HeldEvent);
    return;
  }
  const totals = count(connection, body.dir, body.size);
  connection.emit({ conn: connection.id, seq, time, ...body, totalMessages: totals.messages, totalBytes: totals.bytes });
}

/** A WebSocket frame: what a busy socket records for every message, in one literal of one shape. */
export function recordFrame(connection: Connection, dir: Direction, via: FrameVia, payload: CapturedPayload): void {
  const seq = connection.nextSeq++;
  const time = now();
  const { opcode, size, data, truncated } = payload;
  const totals = count(connection, dir, size);
  connection.emit({
    conn: connection.id, seq, time, type: 'frame', dir, via, opcode, size, data, truncated,
    totalMessages: totals.messages, totalBytes: totals.bytes,
  });
}
