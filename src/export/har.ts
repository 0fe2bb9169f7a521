/**
 * The part of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) Frametap writes, with
 * Chrome DevTools' custom fields for WebSocket and EventSource traffic:
 * - `_resourceType: 'websocket'` and `_webSocketMessages: {type, time, opcode, data}[]`, as Chrome's
 *   HAR writer puts them (front_end/models/har/Log.ts): `time` in seconds since the epoch, opcode
 *   1 (text) or 2 (binary, data in base64);
 * - `_resourceType: 'eventsource'` and `_eventSourceMessages: {time, eventName, eventId, data}[]`,
 *   the shape of Chrome's EventSource message records, which other HAR tools use too.
 * What HAR cannot say (who sent a frame, truncation, close codes...) goes in `_`-prefixed fields
 * other readers ignore, so that a Frametap export imports back unchanged.
 */
import type { CloseEvent, ConnKind, ErrorEvent, FrameVia, OpenEvent } from '../shared/protocol';

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
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: 'GET';
    url: string;
    httpVersion: string;
    headers: HarNameValue[];
    queryString: HarNameValue[];
    cookies: [];
    headersSize: -1;
    bodySize: 0;
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
  _resourceType: 'websocket' | 'eventsource';
  _webSocketMessages?: HarWebSocketMessage[];
  _eventSourceMessages?: HarEventSourceMessage[];
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
