/**
 * Imports the connection entries of a HAR file: Frametap's own exports (exactly, thanks to their
 * `_frametap` fields) and HARs saved by Chrome DevTools' Network panel (`_resourceType:
 * 'websocket'`, `_webSocketMessages` with time in seconds, opcode 1 or 2, and base64 data for
 * binary), or by tools that record an event stream read through fetch or XHR as
 * `_eventSourceMessages` on a 'fetch' or 'xhr' entry. Other entries (plain HTTP requests) are not
 * connections and are passed over. The file is untrusted: every field is checked, nothing throws.
 */
import type { CloseInitiator, ConnKind, CreateEvent, Direction, Framing, FrameVia } from '../shared/protocol';
import { createImportBuilder, importedFrame, type ImportBuilder, type ImportedEvent, type ImportOptions, type ImportResult } from './import-builder';
import { boolOf, CONN_KINDS, finiteOf, FRAMINGS, HTTP_APIS, isRecord, oneOf, parseJson, stringOf, type Rec } from './values';

const VIAS: readonly FrameVia[] = ['page', 'panel', 'inject', 'rule'];
const INITIATORS: readonly CloseInitiator[] = ['page', 'server', 'panel', 'unknown'];
/** HAR seconds to epoch milliseconds, rounded to the microsecond so that float noise does not show. */
const msOf = (seconds: number): number => Math.round(seconds * 1e6) / 1e3;

/** An HTTP method is a token (RFC 9110 §9.1), and the protocol keeps it short. */
const methodOf = (x: unknown): string | undefined => (typeof x === 'string' && /^[!#$%&'*+.^_`|~\w-]{1,32}$/.test(x) ? x : undefined);

/** An HTTP status: three digits at most (0 where a browser reports none). */
const statusOf = (x: unknown): number | undefined => (Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) <= 999 ? (x as number) : undefined);

function headerValue(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  const header = headers.find((h): h is Rec => isRecord(h) && typeof h.name === 'string' && h.name.toLowerCase() === name.toLowerCase());
  return header === undefined ? undefined : stringOf(header.value);
}

/**
 * What the entry's messages say it is; a Frametap stream or poll whose message list is gone is
 * still one by its record.
 */
function kindOf(entry: Rec, record: Rec | undefined): ConnKind | undefined {
  if (Array.isArray(entry._streamMessages)) return 'stream';
  if (Array.isArray(entry._pollMessages)) return 'poll';
  if (entry._resourceType === 'websocket' || Array.isArray(entry._webSocketMessages)) return 'ws';
  if (Array.isArray(entry._eventSourceMessages)) return oneOf(HTTP_APIS, entry._resourceType) ? 'stream' : 'sse';
  if (entry._resourceType === 'eventsource') return 'sse';
  return oneOf(CONN_KINDS, record?.kind);
}

/** A stream's framing by its content type, when no Frametap record names it; a body kept whole otherwise. */
function framingOfMimeType(mimeType: string | undefined): Framing {
  const type = (mimeType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/event-stream') return 'sse';
  // The content types the hook reads as NDJSON (hook/capture-rules.ts).
  if (/^application\/(?:x-)?(?:ndjson|jsonl|jsonlines|json-lines|stream\+json)$/.test(type)) return 'ndjson';
  if (type === 'application/json-seq') return 'json-seq';
  return type.startsWith('multipart/') ? 'multipart' : 'whole';
}

/** An event read from the file, with its original place when the file records one. */
interface Placed {
  event: ImportedEvent;
  seq?: number;
}

const seqOf = (x: unknown): number | undefined => (Number.isSafeInteger(x) && (x as number) >= 0 ? (x as number) : undefined);

/** The frame fields Frametap adds to a message; absent on Chrome's. */
function extrasOf(message: Rec): { via: FrameVia; truncated: boolean; size?: number } {
  return { via: oneOf(VIAS, message._via) ?? 'page', truncated: message._truncated === true, size: finiteOf(message._size) };
}

function directionOf(type: unknown): Direction | undefined {
  return type === 'send' ? 'out' : type === 'receive' ? 'in' : undefined;
}

function opcodeOf(opcode: unknown): 'text' | 'binary' | undefined {
  return opcode === 1 ? 'text' : opcode === 2 ? 'binary' : undefined;
}

function webSocketMessage(message: Rec, time: number): ImportedEvent | undefined {
  // Chrome records a failed frame as type "error" (opcode -1, the error text as data).
  if (message.type === 'error') return { type: 'error', time, reconnecting: false };
  const data = stringOf(message.data);
  const dir = directionOf(message.type);
  const opcode = opcodeOf(message.opcode);
  if (data === undefined || dir === undefined || opcode === undefined) return undefined;
  return importedFrame({ dir, opcode, data, time, ...extrasOf(message) });
}

function eventSourceMessage(message: Rec, time: number): ImportedEvent | undefined {
  const data = stringOf(message.data);
  if (data === undefined) return undefined;
  return importedFrame({
    dir: 'in',
    opcode: 'text',
    data,
    time,
    event: stringOf(message.eventName) ?? 'message',
    lastEventId: stringOf(message.eventId) ?? '',
    ...extrasOf(message),
  });
}

/** A stream's or a poll's message (see HarHttpMessage): its HTTP fields kept one by one, if well-formed. */
function httpMessage(message: Rec, time: number): ImportedEvent | undefined {
  const data = stringOf(message.data);
  const dir = directionOf(message.type);
  const opcode = opcodeOf(message.opcode);
  if (data === undefined || dir === undefined || opcode === undefined) return undefined;
  const event = stringOf(message.event);
  const lastEventId = stringOf(message.id);
  const method = methodOf(message.method);
  const status = statusOf(message.status);
  return importedFrame({
    dir,
    opcode,
    data,
    time,
    ...(event === undefined ? {} : { event }),
    ...(lastEventId === undefined ? {} : { lastEventId }),
    ...(method === undefined ? {} : { method }),
    ...(status === undefined ? {} : { status }),
    ...extrasOf(message),
  });
}

/** An open, error or close Frametap recorded, if well-formed; its own `time` is epoch ms, as the hook's. */
function lifecycleEvent(x: Rec): ImportedEvent | undefined {
  const time = finiteOf(x.time);
  if (time === undefined) return undefined;
  switch (x.type) {
    case 'open': {
      const status = statusOf(x.status);
      return { type: 'open', time, protocol: stringOf(x.protocol) ?? '', extensions: stringOf(x.extensions) ?? '', ...(status === undefined ? {} : { status }) };
    }
    case 'error':
      return { type: 'error', time, reconnecting: boolOf(x.reconnecting) ?? false };
    case 'close': {
      const initiator = oneOf(INITIATORS, x.initiator);
      const code = finiteOf(x.code);
      if (initiator === undefined || code === undefined) return undefined;
      return { type: 'close', time, code, reason: stringOf(x.reason) ?? '', wasClean: boolOf(x.wasClean) ?? false, initiator };
    }
    default:
      return undefined;
  }
}

/** How a list's records are read: messages keep Frametap's seq in `_seq`, lifecycle records in `seq`. */
interface RecordReader {
  read(record: Rec, time: number): ImportedEvent | undefined;
  seqField: '_seq' | 'seq';
}

const WEB_SOCKET_MESSAGES: RecordReader = { read: webSocketMessage, seqField: '_seq' };
const EVENT_SOURCE_MESSAGES: RecordReader = { read: eventSourceMessage, seqField: '_seq' };
const HTTP_MESSAGES: RecordReader = { read: httpMessage, seqField: '_seq' };
const LIFECYCLE_EVENTS: RecordReader = { read: lifecycleEvent, seqField: 'seq' };

/**
 * Reads a list of records, counting what it cannot read as skipped, and what the import has no
 * room left for without reading it. `read` gets the record's `time` (HAR seconds) in epoch ms, or
 * the previous record's when it has none.
 */
function readAll(list: unknown, builder: ImportBuilder, { read, seqField }: RecordReader, startTime: number): Placed[] {
  const placed: Placed[] = [];
  if (!Array.isArray(list)) return placed;
  const readable = Math.min(list.length, Math.max(0, builder.room()));
  builder.skip(list.length - readable);
  let previous = startTime;
  for (let i = 0; i < readable; i++) {
    const item: unknown = list[i];
    const seconds = isRecord(item) ? finiteOf(item.time) : undefined;
    const event = isRecord(item) ? read(item, seconds === undefined ? previous : msOf(seconds)) : undefined;
    if (event === undefined) {
      builder.skip();
      continue;
    }
    placed.push({ event, seq: isRecord(item) ? seqOf(item[seqField]) : undefined });
    previous = event.time;
  }
  return placed;
}

/** A stream's request body, as the outgoing message it was (see HarPostData); none when the request had none. */
function requestBody(postData: unknown, builder: ImportBuilder, method: string, startTime: number): Placed[] {
  if (postData === undefined) return [];
  const text = isRecord(postData) ? stringOf(postData.text) : undefined;
  if (!isRecord(postData) || text === undefined) {
    builder.skip();
    return [];
  }
  const seconds = finiteOf(postData._time);
  const event = importedFrame({
    dir: 'out',
    opcode: postData._encoding === 'base64' ? 'binary' : 'text',
    data: text,
    time: seconds === undefined ? startTime : msOf(seconds),
    method,
    ...extrasOf(postData),
  });
  return [{ event, seq: seqOf(postData._seq) }];
}

/**
 * A Frametap export says where every event goes (`_seq`); anything else keeps the messages in
 * file order, after a stream's request body and an open made up from the response (Chrome
 * records no open event).
 */
function ordered(body: Placed[], messages: Placed[], lifecycle: Placed[], synthesizedOpen: () => ImportedEvent | undefined): ImportedEvent[] {
  const all = [...lifecycle, ...body, ...messages];
  if (lifecycle.length > 0 && all.every((p) => p.seq !== undefined)) {
    return all.sort((a, b) => (a.seq as number) - (b.seq as number)).map((p) => p.event);
  }
  const open = lifecycle.find((p) => p.event.type === 'open')?.event ?? synthesizedOpen();
  const rest = lifecycle.filter((p) => p.event !== open).map((p) => p.event);
  return [...body.map((p) => p.event), ...(open ? [open] : []), ...messages.map((p) => p.event), ...rest];
}

/** What the request and the record say of a stream or a poll, field by field, for its create. */
function httpFields(entry: Rec, record: Rec | undefined, request: Rec | undefined, response: Rec | undefined): Pick<CreateEvent, 'api' | 'method' | 'framing' | 'requestTime' | 'intervalMs'> {
  const content = isRecord(response?.content) ? response.content : undefined;
  const framing =
    oneOf(FRAMINGS, record?.framing) ??
    (Array.isArray(entry._eventSourceMessages) ? 'sse' : framingOfMimeType(stringOf(content?.mimeType) ?? headerValue(response?.headers, 'Content-Type')));
  const requestTime = finiteOf(record?.requestTime);
  const intervalMs = finiteOf(record?.intervalMs);
  return {
    api: oneOf(HTTP_APIS, record?.api) ?? oneOf(HTTP_APIS, entry._resourceType) ?? 'fetch',
    method: methodOf(request?.method) ?? 'GET',
    framing,
    ...(requestTime === undefined ? {} : { requestTime }),
    ...(intervalMs === undefined || intervalMs < 0 ? {} : { intervalMs }),
  };
}

/** The messages of an entry of `kind`, each in its own list's shape. */
function messagesOf(kind: ConnKind, entry: Rec, builder: ImportBuilder, start: number): Placed[] {
  switch (kind) {
    case 'ws':
      return readAll(entry._webSocketMessages, builder, WEB_SOCKET_MESSAGES, start);
    case 'sse':
      return readAll(entry._eventSourceMessages, builder, EVENT_SOURCE_MESSAGES, start);
    case 'stream':
      return Array.isArray(entry._streamMessages)
        ? readAll(entry._streamMessages, builder, HTTP_MESSAGES, start)
        : readAll(entry._eventSourceMessages, builder, EVENT_SOURCE_MESSAGES, start);
    case 'poll':
      return readAll(entry._pollMessages, builder, HTTP_MESSAGES, start);
  }
}

/** The response status that says a connection opened, where the file records no open: a handshake's, or a success. */
const OPENING_STATUS: Record<ConnKind, number> = { ws: 101, sse: 200, stream: 200, poll: 200 };

function readEntry(entry: Rec, builder: ImportBuilder, pageUrls: ReadonlyMap<string, string>): void {
  const record = isRecord(entry._frametap) ? entry._frametap : undefined;
  const kind = kindOf(entry, record);
  if (kind === undefined) return;
  const request = isRecord(entry.request) ? entry.request : undefined;
  const response = isRecord(entry.response) ? entry.response : undefined;
  const url = stringOf(request?.url);
  if (url === undefined) {
    builder.skip();
    return;
  }
  const started = Date.parse(stringOf(entry.startedDateTime) ?? '');
  const created = finiteOf(record?.created) ?? (Number.isFinite(started) ? started : 0);
  const http = kind === 'stream' || kind === 'poll' ? httpFields(entry, record, request, response) : {};
  const start = http.requestTime ?? created;

  const requested = headerValue(request?.headers, 'Sec-WebSocket-Protocol');
  const recordedProtocols = Array.isArray(record?.protocols) && record.protocols.every((p) => typeof p === 'string') ? (record.protocols as string[]) : undefined;
  const connection = builder.connection({
    kind,
    url,
    time: created,
    protocols: recordedProtocols ?? (requested ? requested.split(',').map((p) => p.trim()).filter(Boolean) : []),
    withCredentials: boolOf(record?.withCredentials) ?? false,
    frameUrl: stringOf(record?.frameUrl) ?? pageUrls.get(stringOf(entry.pageref) ?? '') ?? '',
    ...http,
  });

  const body = kind === 'stream' ? requestBody(request?.postData, builder, http.method ?? 'GET', start) : [];
  const messages = messagesOf(kind, entry, builder, start);
  const lifecycle = readAll(record?.lifecycle, builder, LIFECYCLE_EVENTS, created);
  const status = statusOf(response?.status);
  const timings = isRecord(entry.timings) ? entry.timings : undefined;
  const synthesizedOpen = (): ImportedEvent | undefined => {
    // The status it opens with (101 for a WebSocket), or any traffic, means it opened.
    if (status !== OPENING_STATUS[kind] && messages.length === 0 && body.length === 0) return undefined;
    return {
      type: 'open',
      // Not after the first message, whatever the timings claim.
      time: Math.min(start + Math.max(0, finiteOf(timings?.wait) ?? 0), messages[0]?.event.time ?? Infinity),
      protocol: kind === 'ws' ? (headerValue(response?.headers, 'Sec-WebSocket-Protocol') ?? '') : '',
      extensions: kind === 'ws' ? (headerValue(response?.headers, 'Sec-WebSocket-Extensions') ?? '') : '',
      // HAR's status 0 is no response.
      ...(kind === 'stream' && status ? { status } : {}),
    };
  };
  for (const event of ordered(body, messages, lifecycle, synthesizedOpen)) connection.add(event);
}

export function fromHar(text: string, options: ImportOptions = {}): ImportResult {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, error: 'The file is not JSON.' };
  const log = isRecord(parsed.value) ? parsed.value.log : undefined;
  if (!isRecord(log) || !Array.isArray(log.entries)) return { ok: false, error: 'The file is not a HAR: it has no log.entries.' };

  const pageUrls = new Map<string, string>();
  if (Array.isArray(log.pages)) {
    for (const page of log.pages) {
      if (isRecord(page) && typeof page.id === 'string' && typeof page.title === 'string') pageUrls.set(page.id, page.title);
    }
  }

  const builder = createImportBuilder(options);
  for (const entry of log.entries) {
    if (isRecord(entry)) readEntry(entry, builder, pageUrls);
    else builder.skip();
  }
  return builder.result();
}
