/**
 * Cuts a captured HTTP body into the messages its format or transport defines (see `Framing` in
 * shared/protocol.ts), as its bytes arrive: chunks never line up with messages. Every message is
 * bounded like a WebSocket frame (MAX_CAPTURED_PAYLOAD_BYTES kept, the true size counted).
 */
import type { Framing } from '../shared/protocol';
import { createByteRecords, type ByteRecords } from './byte-records';
import {
  apply,
  byteCount,
  regExpExec,
  stringIndexOf,
  stringSlice,
  typedArraySubarray,
} from './natives';
import { captureBytes, captureText, type CapturedPayload } from './payload';
import { createSseParser } from './sse-parser';
import { createUtf8Decoder } from './utf8-decoder';

export interface FramedMessage {
  payload: CapturedPayload;
  /** Event streams: the event type and last event id, as an EventSource would report them. */
  event?: string;
  lastEventId?: string;
}

export type MessageSink = (message: FramedMessage) => void;

export interface Framer {
  push(chunk: Uint8Array): void;
  /** The body ended. Returns the bytes of an unfinished message it had to discard (0: none). */
  end(): number;
  /** Between two messages: what comes next starts a new one. */
  idle(): boolean;
}

export interface FramingOptions {
  /** `multipart`: the boundary of the content type. */
  boundary?: string;
  /** `engine.io`: the protocol revision (3 length-prefixes its packets, 4 separates them). */
  engineIoVersion?: number;
  /** `whole`: whether the body is text (by its content type) or bytes. */
  text?: boolean;
}

const RECORD_SEPARATOR = 0x1e;
const CR = 0x0d;
const WHITESPACE_ONLY = /^[\t\n\r ]*$/;

const LF_BYTE = new Uint8Array([0x0a]);
const TEXTUAL_PART = /^content-type:\s*(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|javascript))/i;

const isBlank = (text: string): boolean => apply(regExpExec, WHITESPACE_ONLY, [text]) !== null;
const textPayload = (text: string, size: number, truncated: boolean): CapturedPayload => ({ opcode: 'text', size, data: text, truncated });

/** Records at `terminator`, each a text message unless blank, without a trailing `trailing` byte (CR or LF). */
function recordFramer(terminator: 'lf' | number, emit: MessageSink, trailing: number): Framer {
  const decode = createUtf8Decoder();
  function emitRecord(bytes: Uint8Array, size: number, truncated: boolean): void {
    const length = byteCount(bytes);
    if (length > 0 && bytes[length - 1] === trailing) {
      bytes = apply(typedArraySubarray, bytes, [0, length - 1]) as Uint8Array;
      size -= 1;
    }
    const text = decode(bytes);
    if (!isBlank(text)) emit({ payload: textPayload(text, size, truncated) });
  }
  const records: ByteRecords = createByteRecords(terminator, emitRecord);
  return {
    push: (chunk) => records.push(chunk),
    idle: () => records.idle(),
    end() {
      // A last record without its terminator is still a whole one, in every format cut here.
      const rest = records.end();
      if (rest.size > 0) emitRecord(rest.bytes, rest.size, rest.size > byteCount(rest.bytes));
      return 0;
    },
  };
}

/** The whole body, as one message at its end. */
function wholeFramer(emit: MessageSink, text: boolean, split?: (body: string) => string[]): Framer {
  const decode = createUtf8Decoder();
  const body = createByteRecords('none', () => {});
  return {
    push: (chunk) => body.push(chunk),
    // A body kept whole is one message: nothing can go in between.
    idle: () => false,
    end() {
      const { bytes, size } = body.end();
      const truncated = size > byteCount(bytes);
      if (!text) {
        emit({ payload: captureBytes(bytes, size) });
        return 0;
      }
      const decoded = decode(bytes);
      if (!split || truncated) {
        emit({ payload: textPayload(decoded, size, truncated) });
        return 0;
      }
      const packets = split(decoded);
      for (let i = 0; i < packets.length; i++) emit({ payload: captureText(packets[i] as string) });
      return 0;
    },
  };
}

/**
 * Engine.IO v3 payloads: `<length>:<packet>` after one another, the length in characters. A
 * payload that does not parse is kept whole: the decoder then says what is wrong with it.
 */
function engineIoV3Packets(body: string): string[] {
  const packets: string[] = [];
  let at = 0;
  while (at < body.length) {
    const colon = apply(stringIndexOf, body, [':', at]) as number;
    const length = colon === -1 ? NaN : +(apply(stringSlice, body, [at, colon]) as string);
    if (colon === at || !(length >= 0) || colon + 1 + length > body.length) return [body];
    packets[packets.length] = apply(stringSlice, body, [colon + 1, colon + 1 + length]) as string;
    at = colon + 1 + length;
  }
  return packets;
}

/**
 * `multipart/x-mixed-replace` (and any multipart body): each part a message, text when its own
 * Content-Type is textual. A delimiter is a line of its own, so the body is read line by line, and
 * a part's lines are joined back with the LF the line cut removed.
 */
function multipartFramer(boundary: string, emit: MessageSink): Framer {
  const decode = createUtf8Decoder();
  const delimiter = `--${boundary}`;
  const closing = `${delimiter}--`;
  let inPart = false;
  let inHeaders = false;
  let textual = false;
  /** Header lines of the part being read, so far. */
  let headerLines = 0;
  let part = createByteRecords('none', () => {});

  function emitPart(): void {
    const { bytes, size } = part.end();
    // The CRLF before the delimiter belongs to it, not to the part.
    let length = byteCount(bytes);
    let trimmed = 0;
    if (length > 0 && bytes[length - 1] === 0x0a) trimmed = length > 1 && bytes[length - 2] === CR ? 2 : 1;
    length -= trimmed;
    const body = apply(typedArraySubarray, bytes, [0, length]) as Uint8Array;
    const total = size - trimmed;
    emit({ payload: textual ? textPayload(decode(body), total, total > length) : captureBytes(body, total) });
  }

  const lines = createByteRecords('lf', (bytes, size) => {
    let length = byteCount(bytes);
    if (length > 0 && bytes[length - 1] === CR) length -= 1;
    // Delimiter and header lines are short: a long line is body.
    const line = length <= delimiter.length + 2 + 1024 ? decode(apply(typedArraySubarray, bytes, [0, length]) as Uint8Array) : '';
    if (line === delimiter || line === closing) {
      if (inPart && !inHeaders) emitPart();
      inPart = line === delimiter;
      inHeaders = inPart;
      headerLines = 0;
      textual = false;
      part = createByteRecords('none', () => {});
      return;
    }
    if (!inPart) return;
    if (inHeaders) {
      headerLines += 1;
      if (length === 0) inHeaders = false;
      else if (apply(regExpExec, TEXTUAL_PART, [line]) !== null) textual = true;
      return;
    }
    part.push(bytes);
    // The LF the line cut took, unless this line was cut short (then the rest is only counted).
    if (size === byteCount(bytes)) part.push(LF_BYTE);
  });
  return {
    push: (chunk) => lines.push(chunk),
    // Right after a delimiter line, before the next part's headers: a whole part can go in there.
    idle: () => lines.idle() && inHeaders && headerLines === 0,
    end() {
      const rest = lines.end();
      return inPart ? rest.size + part.end().size : 0;
    },
  };
}


export function createFramer(framing: Framing, emit: MessageSink, options: FramingOptions = {}): Framer {
  switch (framing) {
    case 'sse': {
      const parser = createSseParser(({ type, data, lastEventId, size, truncated }) =>
        emit({ payload: textPayload(data, size, truncated), event: type, lastEventId }),
      );
      return parser;
    }
    case 'ndjson':
    case 'sockjs':
      return recordFramer('lf', emit, CR);
    case 'json-seq':
      return recordFramer(RECORD_SEPARATOR, emit, 0x0a);
    case 'signalr':
      return recordFramer(RECORD_SEPARATOR, emit, -1);
    case 'engine.io':
      return options.engineIoVersion === 3 ? wholeFramer(emit, true, engineIoV3Packets) : recordFramer(RECORD_SEPARATOR, emit, -1);
    case 'multipart':
      return options.boundary ? multipartFramer(options.boundary, emit) : wholeFramer(emit, false);
    case 'whole':
      return wholeFramer(emit, options.text ?? true);
  }
}
