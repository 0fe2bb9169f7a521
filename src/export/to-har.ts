/** Exports hook events as a HAR 1.2 log, one entry per connection (see ./har for the format). */
import type { FrameEvent, HookEvent } from '../shared/protocol';
import { endOf, groupByConnection, kindOf, startOf, type ConnectionEvents } from './connections';
import { secondsOf, type Har, type HarEntry, type HarEventSourceMessage, type HarNameValue, type HarWebSocketMessage } from './har';

export interface HarExportOptions {
  /** Frametap's version, for the log's `creator`. */
  version: string;
}

/** Custom fields a frame needs only when it differs from a plain page frame. */
function frameExtras(frame: FrameEvent): Pick<HarWebSocketMessage, '_via' | '_truncated' | '_size' | '_seq'> {
  return {
    ...(frame.via === 'page' ? {} : { _via: frame.via }),
    ...(frame.truncated ? { _truncated: true as const, _size: frame.size } : {}),
    _seq: frame.seq,
  };
}

function webSocketMessage(frame: FrameEvent): HarWebSocketMessage {
  return {
    type: frame.dir === 'out' ? 'send' : 'receive',
    time: secondsOf(frame.time),
    opcode: frame.opcode === 'text' ? 1 : 2,
    data: frame.data,
    ...frameExtras(frame),
  };
}

function eventSourceMessage(frame: FrameEvent): HarEventSourceMessage {
  return {
    time: secondsOf(frame.time),
    eventName: frame.event ?? 'message',
    eventId: frame.lastEventId ?? '',
    data: frame.data,
    ...frameExtras(frame),
  };
}

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** The handshake headers Frametap knows: the sub-protocols asked for and what the server chose. */
function headersOf(group: ConnectionEvents, sse: boolean): { request: HarNameValue[]; response: HarNameValue[] } {
  if (sse) {
    return { request: [{ name: 'Accept', value: 'text/event-stream' }], response: group.open ? [{ name: 'Content-Type', value: 'text/event-stream' }] : [] };
  }
  const request: HarNameValue[] = [];
  const protocols = group.create?.protocols ?? [];
  if (protocols.length > 0) request.push({ name: 'Sec-WebSocket-Protocol', value: protocols.join(', ') });
  const response: HarNameValue[] = [];
  if (group.open?.protocol) response.push({ name: 'Sec-WebSocket-Protocol', value: group.open.protocol });
  if (group.open?.extensions) response.push({ name: 'Sec-WebSocket-Extensions', value: group.open.extensions });
  return { request, response };
}

function entryOf(group: ConnectionEvents): HarEntry {
  const sse = kindOf(group) === 'sse';
  const { create, open } = group;
  const start = startOf(group);
  const end = endOf(group);
  // `wait` runs to the handshake's answer, `receive` from there to the last event: the entry's
  // time then spans the connection's recorded life, as Chrome's WebSocket entries do.
  const wait = open ? Math.max(0, open.time - start) : Math.max(0, end - start);
  const receive = open ? Math.max(0, end - open.time) : 0;
  const headers = headersOf(group, sse);
  const status = open ? (sse ? 200 : 101) : 0;
  const entry: HarEntry = {
    startedDateTime: new Date(start).toISOString(),
    time: wait + receive,
    request: {
      method: 'GET',
      url: create?.url ?? '',
      httpVersion: 'HTTP/1.1',
      headers: headers.request,
      queryString: queryOf(create?.url ?? ''),
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: status === 101 ? 'Switching Protocols' : status === 200 ? 'OK' : '',
      httpVersion: 'HTTP/1.1',
      headers: headers.response,
      cookies: [],
      content: { size: 0, mimeType: sse ? 'text/event-stream' : 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait, receive },
    _resourceType: sse ? 'eventsource' : 'websocket',
    _frametap: {
      kind: sse ? 'sse' : 'ws',
      protocols: create?.protocols ?? [],
      withCredentials: create?.withCredentials ?? false,
      frameUrl: create?.frameUrl ?? '',
      created: create?.time,
      lifecycle: group.lifecycle.map(({ conn: _conn, ...event }) => event),
    },
  };
  if (sse) entry._eventSourceMessages = group.frames.map(eventSourceMessage);
  else entry._webSocketMessages = group.frames.map(webSocketMessage);
  return entry;
}

/**
 * A HAR 1.2 document (as JSON text) with one entry per connection the events mention, in the
 * order they first appear. Pass the events to export: all of a tab's, one connection's, or those
 * the active filter shows (plus their connections' lifecycle events, for a complete entry).
 */
export function toHar(events: readonly HookEvent[], options: HarExportOptions): string {
  const har: Har = {
    log: {
      version: '1.2',
      creator: { name: 'Frametap', version: options.version },
      pages: [],
      entries: groupByConnection(events).map(entryOf),
    },
  };
  return JSON.stringify(har, null, 2);
}
