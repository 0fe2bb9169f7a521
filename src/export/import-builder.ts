/**
 * Turns what an import file says into hook events the panel loads through the same path as live
 * traffic. Imported connections get ids of their own, `import:<tag>.<n>`, so they never collide
 * with live ones or with another import, and the panel can tell them apart (`isImportedConn`).
 * Sequence numbers are assigned afresh from 0 in each connection's order: a filtered export has
 * gaps that are not drops, and the panel counts gaps as drops.
 */
import { MAX_CAPTURED_PAYLOAD_BYTES } from '../shared/constants';
import { isHookEvent } from '../shared/guards';
import type { ConnId, CreateEvent, FrameEvent, HookEvent } from '../shared/protocol';
import { payloadSize } from './payload-size';

export const IMPORTED_CONN_PREFIX = 'import:';

export const isImportedConn = (conn: ConnId): boolean => conn.startsWith(IMPORTED_CONN_PREFIX);

/** Events an import may produce in all: far more than the panel keeps, but not unbounded. */
export const MAX_IMPORT_EVENTS = 2_000_000;

type WithoutIds<E> = E extends HookEvent ? Omit<E, 'conn' | 'seq'> : never;
/** An event of an imported connection, before the builder gives it its connection id and seq. */
export type ImportedEvent = WithoutIds<HookEvent>;

export interface ImportOptions {
  /** Tells this import's connections from an earlier import's: up to 16 of [A-Za-z0-9_-]. Random by default. */
  tag?: string;
}

export type ImportResult =
  | {
      ok: true;
      /** In time order across connections; each connection starts with its `create`. */
      events: HookEvent[];
      connections: number;
      frames: number;
      /** Records the file held that could not be imported (malformed, unsupported or past the limit). */
      skipped: number;
    }
  | { ok: false; error: string };

export type ImportedFrameFields = Omit<FrameEvent, 'conn' | 'seq' | 'type' | 'size' | 'truncated'> & { size?: number; truncated?: boolean };

/** A frame event from a file's fields: size computed when absent, oversized data cut as the hook would. */
export function importedFrame(fields: ImportedFrameFields): ImportedEvent {
  const tooLong = fields.data.length > MAX_CAPTURED_PAYLOAD_BYTES;
  const data = tooLong ? fields.data.slice(0, MAX_CAPTURED_PAYLOAD_BYTES) : fields.data;
  const size = fields.size !== undefined && Number.isSafeInteger(fields.size) && fields.size >= 0 ? fields.size : payloadSize(fields.opcode, fields.data);
  return { ...fields, type: 'frame', data, size, truncated: tooLong || fields.truncated === true };
}

export interface ImportedConnection {
  add(event: ImportedEvent): void;
}

export interface ImportBuilder {
  connection(create: Omit<CreateEvent, 'conn' | 'seq' | 'type'>): ImportedConnection;
  skip(count?: number): void;
  /** Events it may still take: a reader stops there and counts the rest of a list as skipped. */
  room(): number;
  result(): ImportResult;
}

const randomTag = (): string => Math.random().toString(36).slice(2, 10);

export function createImportBuilder(options: ImportOptions = {}): ImportBuilder {
  const tag = options.tag !== undefined && /^[\w-]{1,16}$/.test(options.tag) ? options.tag : randomTag();
  const connections: HookEvent[][] = [];
  let total = 0;
  let skipped = 0;

  return {
    connection(create) {
      const conn = `${IMPORTED_CONN_PREFIX}${tag}.${connections.length + 1}`;
      const events: HookEvent[] = [];
      const add = (event: ImportedEvent): void => {
        const complete = { ...event, conn, seq: events.length } as HookEvent;
        // The parsers check every field; this is the last word, the same guard live traffic passes.
        if (total >= MAX_IMPORT_EVENTS || !isHookEvent(complete)) {
          skipped++;
          return;
        }
        events.push(complete);
        total++;
      };
      connections.push(events);
      add({ ...create, type: 'create' });
      return { add };
    },
    skip(count = 1) {
      skipped += count;
    },
    room: () => MAX_IMPORT_EVENTS - total,
    result() {
      const live = connections.filter((events) => events.length > 0);
      return { ok: true, events: inTimeOrder(live), connections: live.length, frames: live.flat().filter((e) => e.type === 'frame').length, skipped };
    },
  };
}

/**
 * Interleaves connections by time as live traffic would arrive, keeping each connection's own
 * order even where its recorded times go backwards (a clock step), since seq follows that order.
 */
function inTimeOrder(connections: HookEvent[][]): HookEvent[] {
  const keyed: { event: HookEvent; at: number }[] = [];
  for (const events of connections) {
    let latest = -Infinity;
    for (const event of events) {
      latest = Math.max(latest, event.time);
      keyed.push({ event, at: latest });
    }
  }
  return keyed.sort((a, b) => a.at - b.at).map((k) => k.event);
}
