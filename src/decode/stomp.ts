/**
 * STOMP 1.0–1.2 (https://stomp.github.io/stomp-specification-1.2.html): a command line, header
 * lines, a blank line, the body, then NUL. A frame of bare EOLs is a heart-beat. Binary bodies
 * travel in binary WebSocket frames. Also read inside SockJS framing (see ./sockjs).
 *
 * STOMP frames may span WebSocket messages. The specification defines frames on a byte stream
 * and says nothing of WebSocket, but senders do split them: stomp.js 2.x sends any frame over
 * 16 KiB in 16 KiB messages, @stomp/stompjs does with `splitLargeFrames`, Spring's client with
 * its splitting encoder, and Spring, RabbitMQ and ActiveMQ Artemis put them back together. So text
 * messages (bare or in SockJS framing) go through a reassembler per direction (./reassembly),
 * framed at the NUL, or after `content-length` bytes when the header says. Binary messages carry
 * one frame each: no client splits those.
 *
 * The decoder remembers the version the server announced in CONNECTED: STOMP 1.0 has no header
 * escaping, 1.1 and 1.2 do (except in CONNECT and CONNECTED, kept unescaped for 1.0's sake).
 */
import { bodilessRequest } from './polling';
import type { Direction } from '../shared/protocol';
import { bytesOf, textOrHex, utf8OrNull } from './bytes';
import { createReassembler, type Framing, type Reassembler } from './reassembly';
import { parseSockJsFrame, type SockJsFrame } from './sockjs';
import { resultOf, streamResult, unparsable } from './result';
import { clip, summaryOf } from './text';
import { requestOf, responseOf, type Decoded, type DecodeResult, type DecoderFrame, type Fragment, type FrameDecoder } from './types';

const COMMANDS = new Set([
  'CONNECT', 'STOMP', 'CONNECTED', 'SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'ACK', 'NACK',
  'BEGIN', 'COMMIT', 'ABORT', 'DISCONNECT', 'MESSAGE', 'RECEIPT', 'ERROR',
]);

const MAX_FRAMES_PER_MESSAGE = 1000;
/** Bytes before a frame's blank line: headers longer than this are taken for something else. */
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_HEADER_LINES = 1000;

export interface StompFrame {
  command: string;
  /** The first occurrence of a repeated header wins (STOMP 1.2, "Repeated Header Entries"). */
  headers: Record<string, string>;
  body: string;
}

type Head = Omit<StompFrame, 'body'>;

const ESCAPES: Record<string, string> = { r: '\r', n: '\n', c: ':', '\\': '\\' };

/** Undoes STOMP 1.1/1.2 header escaping; an undefined escape is kept as it was. */
function unescapeHeader(value: string): string {
  return value.replace(/\\(.)/g, (whole, char: string) => ESCAPES[char] ?? whole);
}

/** Command and headers from the lines before the blank line. */
function parseHead(lines: string[], escaping: boolean): Head | string {
  const command = lines[0] ?? '';
  if (!COMMANDS.has(command)) return `not a STOMP command: ${clip(command, 40)}`;
  const unescape = escaping && command !== 'CONNECT' && command !== 'CONNECTED';
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const line of lines.slice(1, MAX_HEADER_LINES)) {
    const colon = line.indexOf(':');
    if (colon < 0) return `${command} header without a colon`;
    const name = unescape ? unescapeHeader(line.slice(0, colon)) : line.slice(0, colon);
    if (!(name in headers)) headers[name] = unescape ? unescapeHeader(line.slice(colon + 1)) : line.slice(colon + 1);
  }
  return { command, headers };
}

/** Lines of a head as they were sent (1.2 allows CRLF as EOL). */
const linesOf = (head: string): string[] => head.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));

function contentLength(headers: Record<string, string>): number | undefined {
  const value = headers['content-length'];
  return value !== undefined && /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}

/** The index in `text` after `bytes` UTF-8 bytes from `start`, or -1 when the text is shorter. */
function afterUtf8Bytes(text: string, start: number, bytes: number): number {
  let i = start;
  let counted = 0;
  while (counted < bytes) {
    if (i >= text.length) return -1;
    const code = text.codePointAt(i) ?? 0;
    counted += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code >= 0x10000 ? 2 : 1;
  }
  return counted === bytes ? i : -1;
}

/** Skips EOLs: heart-beats, and what STOMP allows between frames. */
function skipEols(text: string, from: number): number {
  let i = from;
  while (text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n')) i += text[i] === '\r' ? 2 : 1;
  return i;
}

export type StompParse = { frames: (StompFrame | 'heart-beat')[]; problem?: string };

/** Every frame of a text message; a message of bare EOLs is one heart-beat. */
export function parseStompText(text: string, escaping: boolean): StompParse {
  const frames: StompParse['frames'] = [];
  let i = skipEols(text, 0);
  if (i === text.length && text.length > 0) return { frames: ['heart-beat'] };
  while (i < text.length && frames.length < MAX_FRAMES_PER_MESSAGE) {
    const blank = /\r?\n\r?\n/g;
    blank.lastIndex = i;
    const headEnd = blank.exec(text);
    if (!headEnd) return { frames, problem: 'STOMP frame without the blank line after its headers' };
    const head = parseHead(linesOf(text.slice(i, headEnd.index)), escaping);
    if (typeof head === 'string') return { frames, problem: head };
    const bodyStart = headEnd.index + headEnd[0].length;
    const length = contentLength(head.headers);
    const bodyEnd = length === undefined ? text.indexOf('\0', bodyStart) : afterUtf8Bytes(text, bodyStart, length);
    if (bodyEnd < 0 || text[bodyEnd] !== '\0') return { frames, problem: `${head.command} frame without its NUL terminator` };
    frames.push({ ...head, body: text.slice(bodyStart, bodyEnd) });
    i = skipEols(text, bodyEnd + 1);
  }
  return { frames };
}

/** One frame from a binary message (binary bodies); the body shows as text when it is UTF-8. */
export function parseStompBytes(bytes: Uint8Array, escaping: boolean): StompParse {
  let headEnd = -1;
  let bodyStart = -1;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 10) continue;
    const next = bytes[i + 1] === 13 ? i + 2 : i + 1;
    if (bytes[next] === 10) {
      headEnd = i;
      bodyStart = next + 1;
      break;
    }
  }
  if (headEnd < 0) return { frames: [], problem: 'STOMP frame without the blank line after its headers' };
  const headText = utf8OrNull(bytes.subarray(0, headEnd));
  if (headText === null) return { frames: [], problem: 'STOMP headers are not UTF-8' };
  const head = parseHead(linesOf(headText), escaping);
  if (typeof head === 'string') return { frames: [], problem: head };
  const length = contentLength(head.headers);
  const bodyEnd = length === undefined ? bytes.lastIndexOf(0) : bodyStart + length;
  if (bodyEnd < bodyStart || bytes[bodyEnd] !== 0) return { frames: [], problem: `${head.command} frame without its NUL terminator` };
  return { frames: [{ ...head, body: textOrHex(bytes.subarray(bodyStart, bodyEnd)) }] };
}

const LF = 10;
const CR = 13;

/** Past the EOLs at `from`: heart-beats, and what STOMP allows between frames. */
function eolBytes(bytes: Uint8Array, from: number): number {
  let i = from;
  while (bytes[i] === LF || (bytes[i] === CR && bytes[i + 1] === LF)) i += bytes[i] === CR ? 2 : 1;
  return i;
}

/** Where the headers end and the body starts (past the blank line), or null before the blank line has come. */
function blankLineOf(bytes: Uint8Array, from: number): { headEnd: number; bodyStart: number } | null {
  for (let i = bytes.indexOf(LF, from); i >= 0; i = bytes.indexOf(LF, i + 1)) {
    const next = bytes[i + 1] === CR ? i + 2 : i + 1;
    if (bytes[next] === LF) return { headEnd: i, bodyStart: next + 1 };
  }
  return null;
}

const latin1 = new TextDecoder('latin1');

/**
 * Where a STOMP frame of a text stream ends: at its NUL, after `content-length` bytes when it
 * says, and past the EOLs that follow it. A run of bare EOLs is a heart-beat of its own.
 */
function frameStomp(bytes: Uint8Array, resume: number): Framing {
  const start = eolBytes(bytes, 0);
  if (start === bytes.length) return start > 0 ? { complete: start, kind: 'heart-beat' } : { incomplete: true };
  const blank = blankLineOf(bytes, start);
  if (!blank) {
    const lineEnd = bytes.indexOf(LF, start);
    // A command (or the start of one) keeps the frame waiting for its headers; anything else is not STOMP.
    const line = latin1.decode(bytes.subarray(start, lineEnd < 0 ? Math.min(bytes.length, start + 16) : lineEnd)).replace(/\r$/, '');
    const command = lineEnd < 0 ? [...COMMANDS].some((c) => c.startsWith(line)) : COMMANDS.has(line);
    if (!command) return { invalid: `not a STOMP command: ${clip(line, 40)}` };
    if (bytes.length - start > MAX_HEAD_BYTES) return { invalid: `${line} headers run past ${MAX_HEAD_BYTES} bytes` };
    return { incomplete: true, kind: lineEnd < 0 ? undefined : line };
  }
  const { headEnd, bodyStart } = blank;
  // Only the command and content-length matter here, both ASCII: Latin-1 reads them from any bytes.
  const head = parseHead(linesOf(latin1.decode(bytes.subarray(start, headEnd))), false);
  if (typeof head === 'string') return { invalid: head };
  const { command } = head;
  const length = contentLength(head.headers);
  if (length !== undefined) {
    const end = bodyStart + length;
    if (end >= bytes.length) return { incomplete: true, kind: command, length: end + 1 };
    if (bytes[end] !== 0) return { invalid: `${command} frame without its NUL terminator` };
    return { complete: eolBytes(bytes, end + 1), kind: command };
  }
  const nul = bytes.indexOf(0, Math.max(bodyStart, resume));
  if (nul < 0) return { incomplete: true, kind: command, resume: bytes.length };
  return { complete: eolBytes(bytes, nul + 1), kind: command };
}

/** What a frame's id is: the header that names it in its command's own terms. */
function idOf({ command, headers }: StompFrame): string | undefined {
  switch (command) {
    case 'MESSAGE':
      return headers['message-id'];
    case 'RECEIPT':
      return headers['receipt-id'];
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
    case 'ACK':
    case 'NACK':
      return headers.id;
    case 'BEGIN':
    case 'COMMIT':
    case 'ABORT':
      return headers.transaction;
    default:
      return headers.receipt;
  }
}

function correlationOf({ command, headers }: StompFrame, dir: Direction): Decoded['correlation'] {
  if (command === 'CONNECT' || command === 'STOMP') return requestOf(dir, 'connect');
  if (command === 'CONNECTED') return responseOf(dir, 'connect');
  const answered = headers['receipt-id'];
  if (answered !== undefined) return responseOf(dir, `receipt:${answered}`);
  if (headers.receipt !== undefined) return requestOf(dir, `receipt:${headers.receipt}`);
  return undefined;
}

function describeFrame(frame: StompFrame | 'heart-beat', dir: Direction, note: string | undefined): Decoded {
  if (frame === 'heart-beat') return { protocol: 'stomp', kind: 'heart-beat', summary: 'heart-beat', note, heartbeat: true };
  const { command, headers, body } = frame;
  const destination = headers.destination;
  const id = idOf(frame);
  let detail: string | undefined;
  if (command === 'MESSAGE') detail = headers.subscription && `sub ${clip(headers.subscription)}`;
  else if (command === 'CONNECTED') detail = headers.version && `v${clip(headers.version)}`;
  else if (command === 'ERROR') detail = headers.message && clip(headers.message);
  else if (command === 'CONNECT' || command === 'STOMP') detail = headers.host && clip(headers.host);
  return {
    protocol: 'stomp',
    kind: command,
    name: destination,
    channel: destination,
    id,
    correlation: correlationOf(frame, dir),
    payload: { headers, body },
    summary: summaryOf(command, destination && clip(destination), detail, id !== undefined && command !== 'MESSAGE' ? `#${clip(id)}` : undefined),
    note,
  };
}

function describeSockJs(frame: Exclude<SockJsFrame, { type: 'messages' }>): Decoded {
  const kind = `SockJS ${frame.type}`;
  if (frame.type === 'heartbeat') return { protocol: 'stomp', kind, summary: kind, heartbeat: true };
  if (frame.type !== 'close') return { protocol: 'stomp', kind, summary: kind };
  return {
    protocol: 'stomp',
    kind,
    payload: frame,
    summary: summaryOf(kind, frame.code !== undefined && String(frame.code), frame.reason && clip(frame.reason)),
  };
}

export function createStompDecoder(): FrameDecoder {
  // STOMP 1.0 servers announce no version (or 1.0); anything later escapes headers.
  let escaping = true;
  const streams: Record<Direction, Reassembler> = { in: createReassembler(frameStomp), out: createReassembler(frameStomp) };
  const utf8 = new TextEncoder();
  const text = new TextDecoder();
  /** Stands in for the sequence number of frames that come without one. */
  let ordinal = 0;

  function describeAll(parse: StompParse, dir: Direction, note: string | undefined, messages: Decoded[], problems: string[]): void {
    for (const f of parse.frames) {
      if (f !== 'heart-beat' && f.command === 'CONNECTED') escaping = (f.headers.version ?? '1.0') !== '1.0';
      messages.push(describeFrame(f, dir, note));
    }
    if (parse.problem !== undefined) problems.push(parse.problem);
  }

  /** Text messages of one WebSocket frame (one, or a SockJS batch), through the direction's stream. */
  function decodeText(parts: string[], frame: DecoderFrame, note: string | undefined): DecodeResult {
    const stream = streams[frame.dir];
    const token = frame.seq ?? ++ordinal;
    const messages: Decoded[] = [];
    const problems: string[] = [];
    let fragment: Fragment | undefined;
    for (const part of parts) {
      const chunk = stream.push(utf8.encode(part), token);
      problems.push(...chunk.problems);
      for (const whole of chunk.messages) {
        const first = messages.length;
        describeAll(parseStompText(text.decode(whole.bytes), escaping), frame.dir, note, messages, problems);
        const message = messages[first];
        if (message && whole.chunks.length > 1) messages[first] = { ...message, frames: whole.chunks, bytes: whole.bytes.length };
      }
      if (chunk.uncounted > 0) problems.push(`${chunk.uncounted} more STOMP frames in this message not decoded`);
      fragment = chunk.unfinished;
    }
    if (fragment && frame.truncated) {
      // The rest of the frame was cut from this message: later messages would not continue it.
      stream.interrupt();
      problems.push(`${fragment.kind ?? 'STOMP'} frame cut short`);
      fragment = undefined;
    }
    return streamResult(messages, problems, fragment, frame, 'empty STOMP message');
  }

  function decode(frame: DecoderFrame): DecodeResult {
    if (frame.opcode === 'binary') {
      const bytes = bytesOf(frame.data);
      if (!bytes) return unparsable(frame, 'binary frame is not valid base64');
      const messages: Decoded[] = [];
      const problems: string[] = [];
      describeAll(parseStompBytes(bytes, escaping), frame.dir, undefined, messages, problems);
      return resultOf(messages, problems, frame, 'empty STOMP message');
    }
    // SockJS's xhr polling asks for frames with a POST of no body.
    const request = bodilessRequest(frame, 'stomp');
    if (request) return { ok: true, messages: [request] };
    const sockJs = parseSockJsFrame(frame.data, frame.dir);
    if (sockJs === null) return decodeText([frame.data], frame, undefined);
    if (sockJs.type !== 'messages') return { ok: true, messages: [describeSockJs(sockJs)] };
    return decodeText(sockJs.messages.slice(0, MAX_FRAMES_PER_MESSAGE), frame, 'in a SockJS frame');
  }

  return { protocol: 'stomp', decode, skip: (frame) => streams[frame.dir].interrupt() };
}
