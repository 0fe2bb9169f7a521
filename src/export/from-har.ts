/**
 * Imports the WebSocket and EventSource entries of a HAR file: Frametap's own exports (exactly,
 * thanks to their `_frametap` fields) and HARs saved by Chrome DevTools' Network panel
 * (`_resourceType: 'websocket'`, `_webSocketMessages` with time in seconds, opcode 1 or 2, and
 * base64 data for binary). Other entries (plain HTTP requests) are not connections and are passed
 * over. The file is untrusted: every field is checked, nothing throws.
 */
import type { CloseInitiator, ConnKind, Direction, FrameVia } from '../shared/protocol';
import { createImportBuilder, importedFrame, type ImportBuilder, type ImportedEvent, type ImportOptions, type ImportResult } from './import-builder';
import { boolOf, finiteOf, isRecord, parseJson, stringOf, type Rec } from './values';

const VIAS: readonly FrameVia[] = ['page', 'panel', 'inject'];
const INITIATORS: readonly CloseInitiator[] = ['page', 'server', 'panel'];

/** HAR seconds to epoch milliseconds, rounded to the microsecond so that float noise does not show. */
const msOf = (seconds: number): number => Math.round(seconds * 1e6) / 1e3;

function headerValue(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  const header = headers.find((h): h is Rec => isRecord(h) && typeof h.name === 'string' && h.name.toLowerCase() === name.toLowerCase());
  return header === undefined ? undefined : stringOf(header.value);
}

function kindOf(entry: Rec): ConnKind | undefined {
  if (entry._resourceType === 'websocket' || Array.isArray(entry._webSocketMessages)) return 'ws';
  if (entry._resourceType === 'eventsource' || Array.isArray(entry._eventSourceMessages)) return 'sse';
  return undefined;
}

/** An event read from the file, with its original place when the file records one. */
interface Placed {
  event: ImportedEvent;
  seq?: number;
}

const seqOf = (x: unknown): number | undefined => (Number.isSafeInteger(x) && (x as number) >= 0 ? (x as number) : undefined);

/** The frame fields Frametap adds to a message; absent on Chrome's. */
function extrasOf(message: Rec): { via: FrameVia; truncated: boolean; size?: number } {
  const via = VIAS.find((v) => v === message._via) ?? 'page';
  const truncated = message._truncated === true;
  return { via, truncated, size: truncated ? finiteOf(message._size) : undefined };
}

function webSocketMessage(message: Rec, time: number): ImportedEvent | undefined {
  // Chrome records a failed frame as type "error" (opcode -1, the error text as data).
  if (message.type === 'error') return { type: 'error', time, reconnecting: false };
  const data = stringOf(message.data);
  const dir: Direction | undefined = message.type === 'send' ? 'out' : message.type === 'receive' ? 'in' : undefined;
  const opcode = message.opcode === 1 ? 'text' : message.opcode === 2 ? 'binary' : undefined;
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

/** An open, error or close Frametap recorded, if well-formed; its own `time` is epoch ms, as the hook's. */
function lifecycleEvent(x: Rec): ImportedEvent | undefined {
  const time = finiteOf(x.time);
  if (time === undefined) return undefined;
  switch (x.type) {
    case 'open':
      return { type: 'open', time, protocol: stringOf(x.protocol) ?? '', extensions: stringOf(x.extensions) ?? '' };
    case 'error':
      return { type: 'error', time, reconnecting: boolOf(x.reconnecting) ?? false };
    case 'close': {
      const initiator = INITIATORS.find((i) => i === x.initiator);
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
const LIFECYCLE_EVENTS: RecordReader = { read: lifecycleEvent, seqField: 'seq' };

/**
 * Reads a list of records, counting what it cannot read as skipped. `read` gets the record's
 * `time` (HAR seconds) in epoch ms, or the previous record's when it has none.
 */
function readAll(list: unknown, builder: ImportBuilder, { read, seqField }: RecordReader, startTime: number): Placed[] {
  const placed: Placed[] = [];
  let previous = startTime;
  for (const item of Array.isArray(list) ? list : []) {
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

/**
 * A Frametap export says where every event goes (`_seq`); anything else keeps the messages in
 * file order, after an open made up from the response (Chrome records no open event).
 */
function ordered(messages: Placed[], lifecycle: Placed[], synthesizedOpen: () => ImportedEvent | undefined): ImportedEvent[] {
  const all = [...lifecycle, ...messages];
  if (lifecycle.length > 0 && all.every((p) => p.seq !== undefined)) {
    return all.sort((a, b) => (a.seq as number) - (b.seq as number)).map((p) => p.event);
  }
  const open = lifecycle.find((p) => p.event.type === 'open')?.event ?? synthesizedOpen();
  const rest = lifecycle.filter((p) => p.event !== open).map((p) => p.event);
  return [...(open ? [open] : []), ...messages.map((p) => p.event), ...rest];
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
    if (!isRecord(entry)) {
      builder.skip();
      continue;
    }
    const kind = kindOf(entry);
    if (kind === undefined) continue;
    const request = isRecord(entry.request) ? entry.request : undefined;
    const response = isRecord(entry.response) ? entry.response : undefined;
    const url = stringOf(request?.url);
    if (url === undefined) {
      builder.skip();
      continue;
    }
    const record = isRecord(entry._frametap) ? entry._frametap : undefined;
    const started = Date.parse(stringOf(entry.startedDateTime) ?? '');
    const created = finiteOf(record?.created) ?? (Number.isFinite(started) ? started : 0);

    const requested = headerValue(request?.headers, 'Sec-WebSocket-Protocol');
    const recordedProtocols = Array.isArray(record?.protocols) && record.protocols.every((p) => typeof p === 'string') ? (record.protocols as string[]) : undefined;
    const connection = builder.connection({
      kind,
      url,
      time: created,
      protocols: recordedProtocols ?? (requested ? requested.split(',').map((p) => p.trim()).filter(Boolean) : []),
      withCredentials: boolOf(record?.withCredentials) ?? false,
      frameUrl: stringOf(record?.frameUrl) ?? pageUrls.get(stringOf(entry.pageref) ?? '') ?? '',
    });

    const messages =
      kind === 'ws' ? readAll(entry._webSocketMessages, builder, WEB_SOCKET_MESSAGES, created) : readAll(entry._eventSourceMessages, builder, EVENT_SOURCE_MESSAGES, created);
    const lifecycle = readAll(record?.lifecycle, builder, LIFECYCLE_EVENTS, created);
    const status = finiteOf(response?.status);
    const timings = isRecord(entry.timings) ? entry.timings : undefined;
    const synthesizedOpen = (): ImportedEvent | undefined => {
      // A 101 (200 for EventSource), or any traffic, means it opened.
      if (status !== (kind === 'ws' ? 101 : 200) && messages.length === 0) return undefined;
      return {
        type: 'open',
        // Not after the first message, whatever the timings claim.
        time: Math.min(created + Math.max(0, finiteOf(timings?.wait) ?? 0), messages[0]?.event.time ?? Infinity),
        protocol: kind === 'ws' ? (headerValue(response?.headers, 'Sec-WebSocket-Protocol') ?? '') : '',
        extensions: kind === 'ws' ? (headerValue(response?.headers, 'Sec-WebSocket-Extensions') ?? '') : '',
      };
    };
    for (const event of ordered(messages, lifecycle, synthesizedOpen)) connection.add(event);
  }
  return builder.result();
}
