/**
 * Adapts the panel's store to src/export, both ways: the log's rows (and their connections)
 * back into the hook events the exporters take, and an import file's events into the store
 * through the same reducer as live traffic.
 */
import { describeError } from '../store/lifecycle-text';
import type { Connection } from '../store/connection';
import type { LogEntry } from '../store/message-log';
import type { Store } from '../store/store';
import { INTERCEPT_FIELDS, type ConnId, type CreateEvent, type FrameEvent, type FrameOrigin, type HookEvent, type ReleaseEvent } from '../../shared/protocol';
import { present } from '../../export/values';

/** Which messages an export writes. */
export interface ExportScope {
  /** One connection, or null for every connection of the tab. */
  connection: ConnId | null;
  /** Only what the grid shows through the active filter. */
  onlyFiltered: boolean;
}

/** Imported connections belong to no frame or document of the tab. */
export const IMPORT_ORIGIN: FrameOrigin = { frameId: -1, documentId: 'import' };

const RECONNECTING_ERROR = describeError({ type: 'error', conn: '', seq: 0, time: 0, reconnecting: true });

function createEventOf(c: Connection): CreateEvent {
  const create: CreateEvent = {
    type: 'create',
    conn: c.id,
    seq: 0,
    time: c.startTime,
    kind: c.kind === 'unknown' ? 'ws' : c.kind,
    url: c.url,
    protocols: [...c.requestedProtocols],
    // The store does not keep an EventSource's withCredentials flag.
    withCredentials: false,
    frameUrl: c.frameUrl,
  };
  if (!c.http) return create;
  const { api, method, framing, intervalMs } = c.http;
  return {
    ...create,
    api,
    method,
    framing,
    // A stream's start is its request's time; the store keeps no other.
    ...(c.kind === 'stream' ? { requestTime: c.startTime } : {}),
    ...(intervalMs === undefined ? {} : { intervalMs }),
  };
}

/**
 * A row's HTTP text back into the frame field it came from: a request's method, a response's
 * status. Whatever an incoming row's text is when not a status (a method, from an odd file),
 * it comes back as a method, so the row reads the same.
 */
function httpFieldsOf(entry: LogEntry): Pick<FrameEvent, 'method' | 'status'> {
  const { http, dir } = entry;
  if (http === undefined) return {};
  if (dir === 'in' && /^\d{1,3}$/.test(http)) return { status: Number(http) };
  return { method: http };
}

/** What a rule did to a row's message, in the frame's own fields (its release follows it). */
const interceptFieldsOf = (entry: LogEntry): Partial<FrameEvent> => (entry.intercept ? present(entry.intercept, INTERCEPT_FIELDS) : {});

/** A paused message's release, right after its frame in the file (its `seq` is its frame's: an import numbers events anew). */
function releaseOfRow(entry: LogEntry, conn: ConnId): ReleaseEvent | null {
  const hold = entry.intercept?.hold;
  const release = entry.intercept?.release;
  if (hold === undefined || !release) return null;
  const { outcome, data, size, truncated } = release;
  return {
    type: 'release',
    conn,
    seq: entry.seq,
    time: entry.time,
    hold,
    outcome,
    ...(data === undefined ? {} : { data }),
    ...(size === undefined ? {} : { size }),
    ...(truncated === undefined ? {} : { truncated }),
  };
}

/**
 * The hook event a row was made from. Lifecycle rows keep only their description, so the facts
 * come from the connection: one WebSocket has one open and one close, whose details it keeps; an
 * EventSource's opens have nothing to keep, and its errors say whether it was reconnecting.
 */
export function eventOfRow(entry: LogEntry, c: Connection): HookEvent | null {
  const { seq, time } = entry;
  const conn = c.id;
  switch (entry.kind) {
    case 'frame': {
      const { dir, via, opcode, size, data, truncated, event, lastEventId } = entry;
      if (dir === null) return null;
      return {
        type: 'frame',
        conn,
        seq,
        time,
        dir,
        via,
        opcode,
        size,
        data,
        truncated,
        ...(event === undefined ? {} : { event }),
        ...(lastEventId === undefined ? {} : { lastEventId }),
        ...httpFieldsOf(entry),
        ...interceptFieldsOf(entry),
      };
    }
    case 'open': {
      // A stream's status came with its one open (a poll's responses have their own).
      const status = c.http?.status;
      return { type: 'open', conn, seq, time, protocol: c.protocol, extensions: c.extensions, ...(status === undefined ? {} : { status }) };
    }
    case 'close': {
      if (c.state.phase !== 'closed') return null;
      const { code, reason, wasClean, initiator } = c.state;
      return { type: 'close', conn, seq, time, code, reason, wasClean, initiator };
    }
    case 'error':
      return { type: 'error', conn, seq, time, reconnecting: entry.data === RECONNECTING_ERROR };
    case 'gap':
      // The panel's note of events that never arrived: none of them to export.
      return null;
  }
}

/** The message ids an export covers, oldest first. */
function idsOf(store: Store, scope: ExportScope): Iterable<number> {
  if (scope.onlyFiltered) {
    // The grid's view is the selected connection's (or all) through the filter.
    const view = store.view.peek();
    const ids: number[] = [];
    for (let row = 0; row < view.length; row++) ids.push(view.idAt(row));
    return scope.connection === null ? ids : ids.filter((id) => connectionOf(store, id)?.id === scope.connection);
  }
  const ids: number[] = [];
  store.log.forEachRetained((id) => {
    if (scope.connection === null || connectionOf(store, id)?.id === scope.connection) ids.push(id);
  });
  return ids;
}

function connectionOf(store: Store, id: number): Connection | undefined {
  return store.connectionsByIndex.peek().get(store.log.connIndexAt(id));
}

/**
 * The hook events of the scope's messages, each connection led by its `create`. A connection
 * whose messages are all gone (evicted, cleared) is still exported when it is the one asked for.
 */
export function eventsForExport(store: Store, scope: ExportScope): HookEvent[] {
  const events: HookEvent[] = [];
  const created = new Set<ConnId>();
  const lead = (c: Connection): void => {
    if (created.has(c.id)) return;
    created.add(c.id);
    events.push(createEventOf(c));
  };
  const asked = scope.connection === null ? undefined : store.connections.peek().find((c) => c.id === scope.connection);
  if (asked) lead(asked);
  for (const id of idsOf(store, scope)) {
    const c = connectionOf(store, id);
    if (!c) continue;
    const entry = store.log.get(id);
    const event = eventOfRow(entry, c);
    if (!event) continue;
    lead(c);
    events.push(event);
    const release = releaseOfRow(entry, c.id);
    if (release) events.push(release);
  }
  return events;
}
