/** Exports hook events as a HAR 1.2 log, one entry per connection (see ./har for the format). */
import type { FrameEvent, Framing, HookEvent, HttpApi } from '../shared/protocol';
import { endOf, groupByConnection, kindOf, startOf, type ConnectionEvents } from './connections';
import {
  MIME_TYPE_OF_FRAMING,
  secondsOf,
  type FrametapConnectionRecord,
  type Har,
  type HarEntry,
  type HarEventSourceMessage,
  type HarHttpMessage,
  type HarNameValue,
  type HarPostData,
  type HarWebSocketMessage,
} from './har';
import { payloadSize } from './payload-size';

export interface HarExportOptions {
  /** Frametap's version, for the log's `creator`. */
  version: string;
}

/** Custom fields a frame needs only when it differs from a plain page frame. */
function frameExtras(frame: FrameEvent): Pick<HarWebSocketMessage, '_via' | '_truncated' | '_size' | '_seq'> {
  const sizeSaysMore = frame.truncated || frame.size !== payloadSize(frame.opcode, frame.data);
  return {
    ...(frame.via === 'page' ? {} : { _via: frame.via }),
    ...(frame.truncated ? { _truncated: true as const } : {}),
    ...(sizeSaysMore ? { _size: frame.size } : {}),
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

function httpMessage(frame: FrameEvent): HarHttpMessage {
  const { event, lastEventId, method, status } = frame;
  return {
    type: frame.dir === 'out' ? 'send' : 'receive',
    time: secondsOf(frame.time),
    opcode: frame.opcode === 'text' ? 1 : 2,
    data: frame.data,
    ...(event === undefined ? {} : { event }),
    ...(lastEventId === undefined ? {} : { id: lastEventId }),
    ...(method === undefined ? {} : { method }),
    ...(status === undefined ? {} : { status }),
    ...frameExtras(frame),
  };
}

/** The page does not tell Frametap the request's content type: HAR's "unknown" is the empty string. */
function postDataOf(body: FrameEvent): HarPostData {
  return {
    mimeType: '',
    text: body.data,
    ...(body.opcode === 'binary' ? { _encoding: 'base64' as const } : {}),
    _time: secondsOf(body.time),
    ...frameExtras(body),
  };
}

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** What a stream or a poll's create says of it, for `_frametap`. */
type HttpRecord = Pick<FrametapConnectionRecord, 'requestTime' | 'intervalMs'> & { api: HttpApi; framing: Framing };

/** What differs between kinds of connection in their entries. */
interface EntryShape {
  method: string;
  requestHeaders: HarNameValue[];
  postData?: HarPostData;
  bodySize: number;
  status: number;
  responseHeaders: HarNameValue[];
  mimeType: string;
  resourceType: HarEntry['_resourceType'];
  messages: Pick<HarEntry, '_webSocketMessages' | '_eventSourceMessages' | '_streamMessages' | '_pollMessages'>;
  record?: HttpRecord;
}

/** The handshake headers Frametap knows: the sub-protocols asked for and what the server chose. */
function webSocketShape(group: ConnectionEvents): EntryShape {
  const requestHeaders: HarNameValue[] = [];
  const protocols = group.create?.protocols ?? [];
  if (protocols.length > 0) requestHeaders.push({ name: 'Sec-WebSocket-Protocol', value: protocols.join(', ') });
  const responseHeaders: HarNameValue[] = [];
  if (group.open?.protocol) responseHeaders.push({ name: 'Sec-WebSocket-Protocol', value: group.open.protocol });
  if (group.open?.extensions) responseHeaders.push({ name: 'Sec-WebSocket-Extensions', value: group.open.extensions });
  return {
    method: 'GET',
    requestHeaders,
    bodySize: 0,
    status: group.open ? 101 : 0,
    responseHeaders,
    mimeType: 'x-unknown',
    resourceType: 'websocket',
    messages: { _webSocketMessages: group.frames.map(webSocketMessage) },
  };
}

/** An EventSource always asks for, and only accepts, an event stream. */
function eventSourceShape(group: ConnectionEvents): EntryShape {
  return {
    method: 'GET',
    requestHeaders: [{ name: 'Accept', value: 'text/event-stream' }],
    bodySize: 0,
    status: group.open ? 200 : 0,
    responseHeaders: group.open ? [{ name: 'Content-Type', value: 'text/event-stream' }] : [],
    mimeType: 'text/event-stream',
    resourceType: 'eventsource',
    messages: { _eventSourceMessages: group.frames.map(eventSourceMessage) },
  };
}

function httpRecord(group: ConnectionEvents): HttpRecord {
  const { create } = group;
  return { api: create?.api ?? 'fetch', framing: create?.framing ?? 'whole', requestTime: create?.requestTime, intervalMs: create?.intervalMs };
}

/** A stream: the page's request body (its first outgoing message) is the entry's postData. */
function streamShape(group: ConnectionEvents): EntryShape {
  const record = httpRecord(group);
  const body = group.frames.find((f) => f.dir === 'out' && f.via === 'page');
  return {
    method: group.create?.method ?? body?.method ?? 'GET',
    requestHeaders: [],
    ...(body ? { postData: postDataOf(body) } : {}),
    bodySize: body?.size ?? 0,
    status: group.open?.status ?? 0,
    responseHeaders: [],
    // The framing's content type: the response's own header is not captured.
    mimeType: MIME_TYPE_OF_FRAMING[record.framing],
    resourceType: record.api,
    messages: { _streamMessages: group.frames.filter((f) => f !== body).map(httpMessage) },
    record,
  };
}

/** A polling channel: its first request and first response stand for the entry's own. */
function pollShape(group: ConnectionEvents): EntryShape {
  const record = httpRecord(group);
  return {
    method: group.create?.method ?? group.frames.find((f) => f.method !== undefined)?.method ?? 'GET',
    requestHeaders: [],
    bodySize: 0,
    status: group.frames.find((f) => f.dir === 'in' && f.status !== undefined)?.status ?? 0,
    responseHeaders: [],
    mimeType: MIME_TYPE_OF_FRAMING[record.framing],
    resourceType: record.api,
    messages: { _pollMessages: group.frames.map(httpMessage) },
    record,
  };
}

const SHAPES = { ws: webSocketShape, sse: eventSourceShape, stream: streamShape, poll: pollShape };

const STATUS_TEXTS: Partial<Record<number, string>> = { 101: 'Switching Protocols', 200: 'OK' };

function entryOf(group: ConnectionEvents): HarEntry {
  const kind = kindOf(group);
  const shape = SHAPES[kind](group);
  const { create, open } = group;
  const start = startOf(group);
  const end = endOf(group);
  // `wait` runs to the handshake's answer, `receive` from there to the last event: the entry's
  // time then spans the connection's recorded life, as Chrome's WebSocket entries do.
  const wait = open ? Math.max(0, open.time - start) : Math.max(0, end - start);
  const receive = open ? Math.max(0, end - open.time) : 0;
  return {
    startedDateTime: new Date(start).toISOString(),
    time: wait + receive,
    request: {
      method: shape.method,
      url: create?.url ?? '',
      httpVersion: 'HTTP/1.1',
      headers: shape.requestHeaders,
      queryString: queryOf(create?.url ?? ''),
      cookies: [],
      headersSize: -1,
      bodySize: shape.bodySize,
      ...(shape.postData ? { postData: shape.postData } : {}),
    },
    response: {
      status: shape.status,
      statusText: STATUS_TEXTS[shape.status] ?? '',
      httpVersion: 'HTTP/1.1',
      headers: shape.responseHeaders,
      cookies: [],
      content: { size: 0, mimeType: shape.mimeType },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait, receive },
    _resourceType: shape.resourceType,
    ...shape.messages,
    _frametap: {
      kind,
      protocols: create?.protocols ?? [],
      withCredentials: create?.withCredentials ?? false,
      frameUrl: create?.frameUrl ?? '',
      created: create?.time,
      lifecycle: group.lifecycle.map(({ conn: _conn, ...event }) => event),
      ...shape.record,
    },
  };
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
