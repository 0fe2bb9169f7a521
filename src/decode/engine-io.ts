/**
 * Engine.IO, the transport under Socket.IO: one packet per WebSocket frame, a digit for the type
 * then the data. https://github.com/socketio/engine.io-protocol
 *
 * v3 and v4 differ over WebSocket only in binary frames: v3 puts the packet type (a 0x04 byte)
 * before the bytes, v4 sends the bytes alone. Over HTTP long-polling several packets share one
 * payload, separated by `\x1e` in v4; callers split on it so such text, pasted or imported, reads.
 */
import { isRecord } from '../shared/guards';
import { parseJson, idText } from './text';

export const ENGINE_PACKET_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
export type EnginePacketType = (typeof ENGINE_PACKET_TYPES)[number];

export type EngineVersion = 3 | 4;

/** The packet separator of Engine.IO v4 long-polling payloads. */
export const ENGINE_RECORD_SEPARATOR = '\x1e';

/** The 0x04 byte before a v3 binary message over WebSocket. */
export const V3_BINARY_MESSAGE_PREFIX = 4;

export interface EnginePacket {
  type: EnginePacketType;
  /** The text after the type digit; a `message` carries a Socket.IO packet in it. */
  data: string;
}

/** One text packet, or null when the text does not start with a packet type digit. */
export function parseEnginePacket(text: string): EnginePacket | null {
  const type = ENGINE_PACKET_TYPES[text.charCodeAt(0) - 48];
  return type === undefined ? null : { type, data: text.slice(1) };
}

/**
 * The packets of an Engine.IO v3 polling payload, `<length>:<packet>` one after the other (the
 * length counts UTF-16 code units, as the JavaScript client writes it), or null when the text is
 * not one: a request body the page sent as is.
 */
export function splitV3Payload(text: string, max: number): string[] | null {
  const packets: string[] = [];
  let at = 0;
  while (at < text.length && packets.length < max) {
    const colon = text.indexOf(':', at);
    const length = colon > at && colon - at <= 10 ? Number(text.slice(at, colon)) : NaN;
    if (!Number.isInteger(length) || colon + 1 + length > text.length) return null;
    packets.push(text.slice(colon + 1, colon + 1 + length));
    at = colon + 1 + length;
  }
  return packets.length > 0 ? packets : null;
}

/** The Engine.IO revision a URL asks for (`EIO=3` or `EIO=4`), if it says. */
export function engineVersionOfUrl(url: string | undefined): EngineVersion | undefined {
  const match = url === undefined ? null : /[?&]EIO=([34])(?:&|#|$)/.exec(url);
  if (!match) return undefined;
  return match[1] === '3' ? 3 : 4;
}

export interface OpenHandshake {
  sid?: string;
  pingInterval?: number;
  pingTimeout?: number;
  /** Only Engine.IO v4 servers announce it: how the decoder tells v3 from v4 without a URL. */
  maxPayload?: number;
  upgrades?: unknown;
}

/** The handshake an `open` packet carries, or null when it is not the expected JSON object. */
export function parseOpenHandshake(data: string): OpenHandshake | null {
  const parsed = parseJson(data);
  if (!parsed.ok || !isRecord(parsed.value)) return null;
  const { sid, pingInterval, pingTimeout, maxPayload, upgrades } = parsed.value;
  return {
    sid: idText(sid),
    pingInterval: typeof pingInterval === 'number' ? pingInterval : undefined,
    pingTimeout: typeof pingTimeout === 'number' ? pingTimeout : undefined,
    maxPayload: typeof maxPayload === 'number' ? maxPayload : undefined,
    upgrades,
  };
}
