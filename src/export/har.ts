/**
 * The part of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) Frametap writes, with
 * Chrome DevTools' custom fields for WebSocket and EventSource traffic:
 * - `_resourceType: 'websocket'` and `_webSocketMessages: {type, time, opcode, data}[]`, as Chrome's
 *   HAR writer puts them (front_end/models/har/Log.ts): `time` in seconds since the epoch, opcode
 *   1 (text) or 2 (binary, data in base64);
 * - `_resourceType: 'eventsource'` and `_eventSourceMessages: {time, eventName, eventId, data}[]`,
 *   the shape of Chrome's EventSource message records, which other HAR tools use too;
 * - a stream (one fetch or XHR response read as messages) is its request, with the body it sent
 *   as `postData`, and its response, with `_resourceType` 'fetch' or 'xhr' as Chrome writes it and
 *   the response's messages in `_streamMessages` (HarHttpMessage);
 * - a polling channel (many requests and responses) is one entry: its first request's method and
 *   URL, its first response's status, and every request and response in `_pollMessages`, in the
 *   order they happened. Requests and responses are not paired: a long-polling transport has a
 *   request waiting while others go and come back, and no event says which answers which.
 * What HAR cannot say (who sent a frame, truncation, close codes...) goes in `_`-prefixed fields
 * other readers ignore, so that a Frametap export imports back unchanged.
 */
import type { CloseEvent, ConnKind, ErrorEvent, Framing, FrameVia, HttpApi, OpenEvent } from '../shared/protocol';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarWebSocketMessage {
  type: 'send' | 'receive';
  time: number;
  opcode: 1 | 2;
  data: string;
  /** Frametap: who made the frame, when not the page. */
  _via?: FrameVia;
  /** Frametap: the frame was cut to `data`; `_size` is its real size in bytes. */
  _truncated?: true;
  _size?: number;
  /** Frametap: the frame's place among its connection's events (see FrametapConnectionRecord). */
  _seq?: number;
}

export interface HarEventSourceMessage {
  time: number;
  eventName: string;
  eventId: string;
  data: string;
  _via?: FrameVia;
  _truncated?: true;
  _size?: number;
  _seq?: number;
}

/**
 * A message of a stream or a polling channel: Chrome's WebSocket message shape, plus what HTTP
 * adds. `event` and `id` are an event stream's (SSE framing), as an EventSource reports them.
 * `method` marks a poll's request, `status` a poll's response. `_size` is there when the message
 * was truncated or its framing counted bytes the data does not keep (a CR before LF, a part's
 * headers), `_via` when not the page's own.
 */
export interface HarHttpMessage extends HarWebSocketMessage {
  event?: string;
  id?: string;
  method?: string;
  status?: number;
}

/**
 * The body a stream's request sent, when the page sent one: HAR's `postData`, with the place and
 * time of the message it was (`_seq`, `_time` in seconds) and, for bytes, `_encoding: 'base64'`
 * (HAR has `encoding` only for response content).
 */
export interface HarPostData {
  mimeType: string;
  text: string;
  _encoding?: 'base64';
  _time: number;
  _via?: FrameVia;
  _truncated?: true;
  _size?: number;
  _seq?: number;
}

/** The content type each framing stands for, written as the response's `content.mimeType`. */
export const MIME_TYPE_OF_FRAMING: Record<Framing, string> = {
  sse: 'text/event-stream',
  ndjson: 'application/x-ndjson',
  'json-seq': 'application/json-seq',
  multipart: 'multipart/x-mixed-replace',
  'engine.io': 'text/plain; charset=UTF-8',
  sockjs: 'application/javascript; charset=UTF-8',
  signalr: 'text/plain',
  whole: 'x-unknown',
};

/** An open, error or close as the hook reported it (time in epoch ms), less the connection id. */
export type FrametapLifecycleEvent = Omit<OpenEvent, 'conn'> | Omit<ErrorEvent, 'conn'> | Omit<CloseEvent, 'conn'>;

/**
 * Frametap: what a connection's create and lifecycle events say beyond the request and response.
 * Lifecycle events and messages carry their original `seq`, so that an import puts them back in
 * their order exactly (times alone tie at the clock's resolution).
 */
export interface FrametapConnectionRecord {
  kind: ConnKind;
  protocols: string[];
  withCredentials: boolean;
  frameUrl: string;
  /** Epoch ms of the create event, more precise than `startedDateTime`. */
  created?: number;
  lifecycle: FrametapLifecycleEvent[];
  /** Streams and polling channels: the page API, how bodies were cut into messages. */
  api?: HttpApi;
  framing?: Framing;
  /** A stream: epoch ms its request left (`startedDateTime`, more precise). */
  requestTime?: number;
  /** A channel found by its rhythm: the interval between its requests. */
  intervalMs?: number;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarNameValue[];
    queryString: HarNameValue[];
    cookies: [];
    headersSize: -1;
    bodySize: number;
    postData?: HarPostData;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarNameValue[];
    cookies: [];
    content: { size: 0; mimeType: string };
    redirectURL: '';
    headersSize: -1;
    bodySize: -1;
  };
  cache: Record<string, never>;
  timings: { blocked: -1; dns: -1; ssl: -1; connect: -1; send: 0; wait: number; receive: number };
  _resourceType: 'websocket' | 'eventsource' | HttpApi;
  _webSocketMessages?: HarWebSocketMessage[];
  _eventSourceMessages?: HarEventSourceMessage[];
  _streamMessages?: HarHttpMessage[];
  _pollMessages?: HarHttpMessage[];
  _frametap: FrametapConnectionRecord;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: [];
    entries: HarEntry[];
  };
}

/**
 * HAR times are seconds; Frametap's are epoch milliseconds with sub-millisecond precision. Kept to
 * the microsecond (finer than any browser clock reports), so that no float noise shows in the file.
 */
export const secondsOf = (ms: number): number => Math.round(ms * 1e3) / 1e6;
