/**
 * Socket.IO v2–v4 over Engine.IO v3/v4. https://github.com/socketio/socket.io-protocol
 *
 * A Socket.IO packet rides in an Engine.IO `message`: `<type>[<attachments>-][<nsp>,][<ack id>][JSON]`.
 * BINARY_EVENT and BINARY_ACK carry `{"_placeholder":true,"num":n}` where binary arguments were,
 * and the next `attachments` binary frames are those arguments: this decoder remembers the
 * placeholder packet so each attachment names what it belongs to (`attachedTo`).
 */
import { bytesOf, hexPreview } from './bytes';
import {
  ENGINE_RECORD_SEPARATOR,
  V3_BINARY_MESSAGE_PREFIX,
  engineVersionOfUrl,
  parseEnginePacket,
  parseOpenHandshake,
  splitV3Payload,
  type EngineVersion,
} from './engine-io';
import { bodilessRequest } from './polling';
import { resultOf, unparsable } from './result';
import { clip, idText, parseJson, summaryOf } from './text';
import {
  requestOf,
  responseOf,
  type ConnectionContext,
  type Decoded,
  type DecodeResult,
  type DecoderFrame,
  type FrameDecoder,
} from './types';
import type { Direction } from '../shared/protocol';

const SOCKET_PACKET_TYPES = [
  'CONNECT',
  'DISCONNECT',
  'EVENT',
  'ACK',
  // Socket.IO v2 called it ERROR; its payload was a string rather than an object.
  'CONNECT_ERROR',
  'BINARY_EVENT',
  'BINARY_ACK',
] as const;
type SocketPacketType = (typeof SOCKET_PACKET_TYPES)[number];

/** Polling payloads pasted into a frame could hold any number of packets: read this many at most. */
const MAX_PACKETS_PER_FRAME = 1000;
/** A real packet has a handful of attachments; a forged count must not make every later frame one. */
const MAX_ATTACHMENTS = 1000;

interface SocketPacket {
  type: SocketPacketType;
  nsp: string;
  attachments: number;
  id?: string;
  data?: unknown;
}

/** Parses a Socket.IO packet the way socket.io-parser's `decodeString` does, or says why not. */
export function parseSocketPacket(text: string): SocketPacket | string {
  const type = SOCKET_PACKET_TYPES[text.charCodeAt(0) - 48];
  if (type === undefined) return 'not a Socket.IO packet type';
  let i = 1;
  let attachments = 0;
  if (type === 'BINARY_EVENT' || type === 'BINARY_ACK') {
    const count = /^(\d{1,7})-/.exec(text.slice(1, 10));
    if (!count?.[1]) return 'binary packet without an attachment count';
    attachments = Number(count[1]);
    i += count[0].length;
  }
  let nsp = '/';
  if (text[i] === '/') {
    const comma = text.indexOf(',', i);
    const end = comma < 0 ? text.length : comma;
    nsp = text.slice(i, end);
    i = comma < 0 ? end : end + 1;
  }
  const ack = /^\d{1,16}/.exec(text.slice(i, i + 17));
  const id = ack?.[0];
  if (id !== undefined) i += id.length;
  if (i >= text.length) return { type, nsp, attachments, id };
  const parsed = parseJson(text.slice(i));
  if (!parsed.ok) return `${type} with invalid JSON`;
  return { type, nsp, attachments, id, data: parsed.value };
}

interface PendingAttachments {
  owner: Decoded;
  ownerSeq: number | undefined;
  expected: number;
  received: number;
}

/** The summary and fields of a Socket.IO packet. */
function describeSocketPacket(packet: SocketPacket, dir: Direction): Decoded {
  const { type, nsp, id, data } = packet;
  const channel = nsp;
  const where = nsp === '/' ? undefined : clip(nsp);
  const ackPart = id === undefined ? undefined : `ack ${id}`;
  const attachmentsPart = packet.attachments > 0 ? `+${packet.attachments} binary` : undefined;
  const base = { protocol: 'socket.io' as const, kind: type, channel, id };
  switch (type) {
    case 'EVENT':
    case 'BINARY_EVENT': {
      const args = Array.isArray(data) ? data : [];
      const name = idText(args[0]);
      return {
        ...base,
        name,
        payload: args.slice(1),
        correlation: id === undefined ? undefined : requestOf(dir, `ack:${nsp}:${id}`),
        summary: summaryOf(type, name === undefined ? undefined : clip(name), where, ackPart, attachmentsPart),
        note: Array.isArray(data) ? undefined : 'event without an argument array',
      };
    }
    case 'ACK':
    case 'BINARY_ACK':
      return {
        ...base,
        payload: data,
        correlation: id === undefined ? undefined : responseOf(dir, `ack:${nsp}:${id}`),
        summary: summaryOf(type, where ?? '/', ackPart, attachmentsPart),
      };
    case 'CONNECT':
      // The client asks to join a namespace; the server's CONNECT (with the socket id) answers.
      // A v2 server also sends one unasked for the main namespace: a response with no request.
      return {
        ...base,
        payload: data,
        correlation: dir === 'out' ? requestOf(dir, `connect:${nsp}`) : responseOf(dir, `connect:${nsp}`),
        summary: summaryOf(type, where ?? '/'),
      };
    case 'CONNECT_ERROR':
      return {
        ...base,
        payload: data,
        correlation: responseOf(dir, `connect:${nsp}`),
        summary: summaryOf(type, where ?? '/', errorMessageOf(data)),
      };
    case 'DISCONNECT':
      return { ...base, summary: summaryOf(type, where ?? '/') };
  }
}

function errorMessageOf(data: unknown): string | undefined {
  if (typeof data === 'string') return clip(data);
  if (typeof data === 'object' && data !== null && 'message' in data) return idText(data.message);
  return undefined;
}

/**
 * What the long-polling transport says of its own, in a polling channel's requests and responses:
 * an empty GET waits for the server's packets, `ok` acknowledges a POST's, and an error status
 * answers with a JSON error (`{"code":1,"message":"Session ID unknown"}`), not packets. None of it
 * is a packet; the empty GET and the `ok` only keep the transport going, so they count as heartbeats.
 */
/** An error answer is a short JSON object; a longer body is not read for its message. */
const MAX_ERROR_BODY_CHARS = 4096;

function pollingTransport(frame: DecoderFrame): Decoded | null {
  const base = { protocol: 'socket.io' as const, kind: 'transport' };
  const request = bodilessRequest(frame, 'socket.io');
  if (request) return request;
  if (frame.dir !== 'in' || frame.status === undefined) return null;
  if (frame.status < 200 || frame.status > 299) {
    const error = frame.data.length <= MAX_ERROR_BODY_CHARS ? parseJson(frame.data) : { ok: false as const };
    return { ...base, payload: error.ok ? error.value : undefined, summary: summaryOf(`HTTP ${frame.status}`, error.ok ? errorMessageOf(error.value) : undefined) };
  }
  if (frame.data === 'ok') return { ...base, summary: 'ok: POST received', note: 'the server acknowledges the packets a POST carried', heartbeat: true };
  return null;
}

export function createSocketIoDecoder(context: ConnectionContext = {}): FrameDecoder {
  // The URL's EIO parameter is authoritative; the open packet tells otherwise (v4 announces maxPayload).
  let version: EngineVersion | undefined = engineVersionOfUrl(context.url);
  // Per direction: both ends may be sending binary packets at once, and attachments follow their
  // placeholder packet in its own direction only.
  const pending: Record<Direction, PendingAttachments | undefined> = { in: undefined, out: undefined };

  function attachment(current: PendingAttachments, bytes: Uint8Array, dir: Direction): Decoded {
    current.received++;
    const { owner, expected, received, ownerSeq } = current;
    if (received >= expected) pending[dir] = undefined;
    return {
      protocol: 'socket.io',
      kind: 'ATTACHMENT',
      name: owner.name,
      channel: owner.channel,
      id: owner.id,
      attachedTo: ownerSeq,
      payload: hexPreview(bytes),
      summary: summaryOf(`ATTACHMENT ${received}/${expected}`, owner.name === undefined ? undefined : clip(owner.name), `${bytes.length} bytes`),
      note: `binary attachment ${received} of ${expected} of ${owner.summary}`,
    };
  }

  function binaryMessage(bytes: Uint8Array, dir: Direction): Decoded {
    const current = pending[dir];
    if (current) return attachment(current, bytes, dir);
    return {
      protocol: 'socket.io',
      kind: 'message',
      payload: hexPreview(bytes),
      summary: `message ${bytes.length} bytes`,
      note: 'Engine.IO binary message outside Socket.IO',
    };
  }

  function binaryFrame(frame: DecoderFrame): DecodeResult {
    const bytes = bytesOf(frame.data);
    if (!bytes) return unparsable(frame, 'binary frame is not valid base64');
    // Engine.IO v3 puts the packet type before the bytes of a binary message.
    const body = version === 3 && bytes[0] === V3_BINARY_MESSAGE_PREFIX ? bytes.subarray(1) : bytes;
    return { ok: true, messages: [binaryMessage(body, frame.dir)] };
  }

  function enginePacket(text: string, frame: DecoderFrame): Decoded | string {
    // Polling payloads mark base64 binary with `b` (v3: `b4<base64>`); seen only in pasted text.
    if (text.startsWith('b')) {
      const bytes = bytesOf(text.slice(version === 3 ? 2 : 1));
      return bytes ? binaryMessage(bytes, frame.dir) : 'invalid base64 binary packet';
    }
    const packet = parseEnginePacket(text);
    if (!packet) return 'not an Engine.IO packet';
    const { type, data } = packet;
    switch (type) {
      case 'message':
        return socketMessage(data, frame);
      case 'open': {
        const handshake = parseOpenHandshake(data);
        if (version === undefined && handshake) version = handshake.maxPayload === undefined ? 3 : 4;
        return {
          protocol: 'socket.io',
          kind: 'open',
          id: handshake?.sid,
          payload: handshake ?? data,
          summary: summaryOf('open', handshake?.sid && `sid ${clip(handshake.sid)}`, version && `Engine.IO v${version}`),
        };
      }
      case 'ping':
      case 'pong': {
        // v3 clients ping and servers pong; v4 servers ping and clients pong: correlate by direction.
        const key = `ping:${data}`;
        const correlation = type === 'ping' ? requestOf(frame.dir, key) : responseOf(frame.dir, key);
        // `2probe`/`3probe` test the WebSocket a session upgrades to: part of the upgrade, not noise.
        if (data === 'probe') return { protocol: 'socket.io', kind: type, payload: data, correlation, summary: `upgrade probe: ${type}` };
        return { protocol: 'socket.io', kind: type, payload: data || undefined, correlation, summary: summaryOf(type, clip(data)), heartbeat: true };
      }
      case 'upgrade':
        return { protocol: 'socket.io', kind: type, summary: 'upgrade to WebSocket', note: 'from now on the session’s packets go over the WebSocket' };
      default:
        return { protocol: 'socket.io', kind: type, payload: data || undefined, summary: summaryOf(type, clip(data)) };
    }
  }

  function socketMessage(data: string, frame: DecoderFrame): Decoded | string {
    const packet = parseSocketPacket(data);
    if (typeof packet === 'string') return packet;
    const decoded = describeSocketPacket(packet, frame.dir);
    // A new packet ends any attachment run in its direction: Engine.IO keeps order, so attachments
    // still missing by now were never captured.
    pending[frame.dir] = undefined;
    if (packet.attachments > 0) {
      pending[frame.dir] = {
        owner: decoded,
        ownerSeq: frame.seq,
        expected: Math.min(packet.attachments, MAX_ATTACHMENTS),
        received: 0,
      };
    }
    return decoded;
  }

  /** The packets of a frame's text: v4 separates them, a v3 polling request length-prefixes them. */
  function packetsOf(frame: DecoderFrame): string[] {
    const v3 = version === 3 && frame.method !== undefined ? splitV3Payload(frame.data, MAX_PACKETS_PER_FRAME + 1) : null;
    return v3 ?? frame.data.split(ENGINE_RECORD_SEPARATOR, MAX_PACKETS_PER_FRAME + 1);
  }

  function decode(frame: DecoderFrame): DecodeResult {
    if (frame.opcode === 'binary') return binaryFrame(frame);
    const transport = pollingTransport(frame);
    if (transport) return { ok: true, messages: [transport] };
    const parts = packetsOf(frame);
    const messages: Decoded[] = [];
    const problems: string[] = [];
    for (const part of parts.slice(0, MAX_PACKETS_PER_FRAME)) {
      const result = enginePacket(part, frame);
      if (typeof result === 'string') problems.push(result);
      else messages.push(result);
    }
    if (parts.length > MAX_PACKETS_PER_FRAME) problems.push(`more than ${MAX_PACKETS_PER_FRAME} packets`);
    return resultOf(messages, problems, frame, 'empty frame');
  }

  return { protocol: 'socket.io', decode };
}
