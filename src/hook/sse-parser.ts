/**
 * The event stream format, parsed as the HTML standard's "interpreting an event stream" says, for
 * streams the page reads through fetch or XHR: UTF-8 with invalid bytes as U+FFFD, a byte order
 * mark only at the very start, lines ended by CRLF, LF or CR, `:` comments, the `event`, `data`,
 * `id` and `retry` fields (unknown ones ignored), an event dispatched at a blank line, its data
 * lines joined with LF, the last event id kept from event to event, and an unfinished event at the
 * end of the stream discarded.
 */
import { MAX_CAPTURED_PAYLOAD_BYTES } from '../shared/constants';
import { createByteRecords } from './byte-records';
import {
  apply,
  charCodeAt,
  stringIndexOf,
  stringSlice,
} from './natives';
import { createUtf8Decoder } from './utf8-decoder';

export interface SseEvent {
  type: string;
  data: string;
  lastEventId: string;
  /** UTF-8 bytes of the whole data, of which `data` holds the head when `truncated`. */
  size: number;
  truncated: boolean;
}

export interface SseParser {
  push(chunk: Uint8Array): void;
  /** The stream ended; returns the bytes of an unfinished event it discards (0: none). */
  end(): number;
  /** Between two events: nothing of an unfinished one is pending. */
  idle(): boolean;
}

const BOM = 0xfeff;
const COLON = 0x3a;
const SPACE = 0x20;
const LF = 0x0a;

export function createSseParser(onEvent: (event: SseEvent) => void, limit = MAX_CAPTURED_PAYLOAD_BYTES): SseParser {
  const decode = createUtf8Decoder();
  let atStart = true;
  let type = '';
  let data = '';
  let dataSize = 0;
  let dataLines = 0;
  let truncated = false;
  let lastEventId = '';
  /** Bytes of the event being read, for the note an unfinished one leaves. */
  let pendingBytes = 0;

  function dispatch(): void {
    pendingBytes = 0;
    if (dataLines === 0) {
      type = '';
      return;
    }
    // The data lines were joined with an LF after each: the last one is not part of the data.
    const last = data.length - 1;
    if (last >= 0 && (apply(charCodeAt, data, [last]) as number) === LF) data = apply(stringSlice, data, [0, last]) as string;
    onEvent({ type: type || 'message', data, lastEventId, size: dataSize - 1, truncated });
    type = '';
    data = '';
    dataSize = 0;
    dataLines = 0;
    truncated = false;
  }

  function addData(value: string, valueBytes: number, cut: boolean): void {
    dataLines += 1;
    dataSize += valueBytes + 1;
    if (truncated) return;
    if (data.length + value.length + 1 > limit) {
      data += apply(stringSlice, value, [0, limit - data.length]) as string;
      truncated = true;
      return;
    }
    data += `${value}\n`;
    if (cut) truncated = true;
  }

  function onLine(bytes: Uint8Array, size: number, cut: boolean): void {
    let line = decode(bytes);
    if (atStart) {
      atStart = false;
      if (line.length > 0 && (apply(charCodeAt, line, [0]) as number) === BOM) line = apply(stringSlice, line, [1]) as string;
    }
    if (line.length === 0) return dispatch();
    pendingBytes += size + 1;
    const first = apply(charCodeAt, line, [0]) as number;
    if (first === COLON) return;
    const colon = apply(stringIndexOf, line, [':']) as number;
    const name = colon === -1 ? line : (apply(stringSlice, line, [0, colon]) as string);
    let value = '';
    // The field name and colon are ASCII: as many bytes as characters.
    let prefix = size;
    if (colon !== -1) {
      prefix = colon + ((apply(charCodeAt, line, [colon + 1]) as number) === SPACE ? 2 : 1);
      value = apply(stringSlice, line, [prefix]) as string;
    }
    if (name === 'data') addData(value, size - prefix, cut);
    else if (name === 'event') type = value;
    else if (name === 'id' && (apply(stringIndexOf, value, ['\u0000']) as number) === -1) lastEventId = value;
    // `retry` sets the reconnection time of an EventSource: a fetch reader has none to set.
  }

  const lines = createByteRecords('lines', onLine, limit);
  return {
    push: (chunk) => lines.push(chunk),
    idle: () => pendingBytes === 0 && lines.idle(),
    end() {
      const rest = lines.end();
      return pendingBytes + rest.size;
    },
  };
}
