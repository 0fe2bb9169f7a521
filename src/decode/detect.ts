/**
 * Which protocol a connection speaks: from the negotiated sub-protocol (`Sec-WebSocket-Protocol`),
 * else from the URL, else from its first frames. The user can override the answer per connection.
 */
import { bytesOf } from './bytes';
import { parseEnginePacket, parseOpenHandshake } from './engine-io';
import { isRecord } from '../shared/guards';
import { parseJson } from './text';
import type { DecoderFrame, ProtocolId } from './types';

export type DetectionSource = 'subprotocol' | 'url' | 'content';

export interface Detection {
  protocol: ProtocolId;
  by: DetectionSource;
}

export interface ConnectionHints {
  url: string;
  /** The negotiated sub-protocol once the connection is open ('' when none was); undefined before. */
  protocol?: string;
  /** The sub-protocols the page asked for. */
  protocols?: readonly string[];
}

/** Frames worth sniffing: protocols show themselves in their handshake, right at the start. */
export const SNIFF_FRAMES = 8;

/** Characters of a frame a sniff reads: enough for a handshake, bounded for a hostile one. */
const SNIFF_CHARS = 64 * 1024;

const SUBPROTOCOLS: Record<string, ProtocolId> = {
  mqtt: 'mqtt',
  'mqttv3.1': 'mqtt',
  'mqttv3.1.1': 'mqtt',
  'graphql-transport-ws': 'graphql-transport-ws',
  'graphql-ws': 'graphql-ws',
  stomp: 'stomp',
  'v10.stomp': 'stomp',
  'v11.stomp': 'stomp',
  'v12.stomp': 'stomp',
  jsonrpc: 'json-rpc',
  'json-rpc': 'json-rpc',
  'jsonrpc-2.0': 'json-rpc',
};

/** The protocol a sub-protocol name stands for, if it is one of ours. */
export function protocolOfSubprotocol(name: string): ProtocolId | undefined {
  const key = name.trim().toLowerCase();
  return Object.hasOwn(SUBPROTOCOLS, key) ? SUBPROTOCOLS[key] : undefined;
}

/** Path conventions of the common servers, most specific first. */
const URL_RULES: [RegExp, ProtocolId][] = [
  [/\/socket\.io\/|[?&]EIO=[34](?:&|$)/i, 'socket.io'],
  // ASP.NET Core maps hubs as `/chatHub` (clients add `?id=<token>`) or under `/hubs/`.
  [/\/signalr(?:[/?]|$)|\/hubs\/|hub(?:\?|$)/i, 'signalr'],
  // SockJS's WebSocket transport URL is `<prefix>/<3-digit server>/<session>/websocket`.
  [/\/sockjs(?:[/?]|$)|\/stomp(?:[/?]|$)|\/\d{3}\/[^/?#]{1,64}\/websocket(?:\?|$)/i, 'stomp'],
  [/\/mqtt(?:[/?]|$)/i, 'mqtt'],
  // graphql-ws clients always send a sub-protocol; this guess is for servers that drop it.
  [/\/graphql(?:[/?]|$)/i, 'graphql-transport-ws'],
];

export function protocolOfUrl(url: string): ProtocolId | undefined {
  const pathAndQuery = url.replace(/^[a-z]+:\/\/[^/?#]*/i, '').split('#')[0] ?? '';
  return URL_RULES.find(([rule]) => rule.test(pathAndQuery))?.[1];
}

type Sniff = { protocol: ProtocolId; certain: boolean } | undefined;

const GRAPHQL_TRANSPORT_WS_ONLY = new Set(['subscribe', 'next', 'ping', 'pong']);
const GRAPHQL_WS_ONLY = new Set(['start', 'data', 'ka', 'stop', 'connection_terminate', 'connection_error']);

function sniffJson(value: unknown): Sniff {
  const first = Array.isArray(value) ? value[0] : value;
  if (!isRecord(first)) return undefined;
  if (first.jsonrpc === '2.0') return { protocol: 'json-rpc', certain: true };
  if (typeof first.type !== 'string') return undefined;
  if (GRAPHQL_TRANSPORT_WS_ONLY.has(first.type)) return { protocol: 'graphql-transport-ws', certain: true };
  if (GRAPHQL_WS_ONLY.has(first.type)) return { protocol: 'graphql-ws', certain: true };
  // Both dialects open with connection_init: a guess until a later frame tells.
  if (first.type === 'connection_init' || first.type === 'connection_ack') return { protocol: 'graphql-transport-ws', certain: false };
  return undefined;
}

function sniffText(text: string): Sniff {
  if (/^(?:CONNECT|STOMP|CONNECTED)\r?\n/.test(text) || /^(?:a\[|\[)"(?:CONNECT|STOMP|CONNECTED)\\n/.test(text)) {
    return { protocol: 'stomp', certain: true };
  }
  // A SockJS open frame: the framing most often carries STOMP.
  if (text === 'o') return { protocol: 'stomp', certain: false };
  if (text === '2probe' || text === '3probe') return { protocol: 'socket.io', certain: true };
  const engine = parseEnginePacket(text);
  if (engine?.type === 'open' && parseOpenHandshake(engine.data)?.sid !== undefined) return { protocol: 'socket.io', certain: true };
  if (text.endsWith('\x1e')) {
    const record = parseJson(text.slice(0, text.indexOf('\x1e')));
    if (record.ok && isRecord(record.value) && typeof record.value.protocol === 'string' && 'version' in record.value) {
      return { protocol: 'signalr', certain: true };
    }
  }
  const json = parseJson(text);
  return json.ok ? sniffJson(json.value) : undefined;
}

/** An MQTT CONNECT: type 1, a length, then the protocol name `MQTT` (3.1.1, 5) or `MQIsdp` (3.1). */
function sniffMqtt(bytes: Uint8Array): Sniff {
  if (bytes[0] !== 0x10) return undefined;
  let i = 1;
  while (i < 5 && ((bytes[i] ?? 0) & 0x80) !== 0) i++;
  const name = String.fromCharCode(...bytes.subarray(i + 3, i + 3 + (bytes[i + 2] ?? 0)));
  return name === 'MQTT' || name === 'MQIsdp' ? { protocol: 'mqtt', certain: true } : undefined;
}

/** Bytes of a binary handshake a sniff reads. */
const SNIFF_BYTES = 64;

/** The first bytes of one direction's binary frames, joined: a client may write its CONNECT in pieces. */
function appendBytes(head: Uint8Array, base64: string): Uint8Array {
  const more = bytesOf(base64, SNIFF_BYTES - head.length);
  if (!more || more.length === 0) return head;
  const joined = new Uint8Array(head.length + more.length);
  joined.set(head);
  joined.set(more, head.length);
  return joined;
}

/** The protocol the first frames show: the first certain answer, else the first guess. */
export function sniffProtocol(frames: readonly DecoderFrame[]): ProtocolId | undefined {
  let guess: ProtocolId | undefined;
  const binary: Record<DecoderFrame['dir'], Uint8Array> = { in: new Uint8Array(0), out: new Uint8Array(0) };
  for (const frame of frames.slice(0, SNIFF_FRAMES)) {
    if (frame.data.length > SNIFF_CHARS) continue;
    let sniff: Sniff;
    if (frame.opcode === 'binary') {
      binary[frame.dir] = appendBytes(binary[frame.dir], frame.data);
      sniff = sniffMqtt(binary[frame.dir]);
    } else {
      sniff = sniffText(frame.data);
    }
    if (sniff?.certain) return sniff.protocol;
    guess ??= sniff?.protocol;
  }
  return guess;
}

/** The protocol of a connection, or null when nothing points to one of the decoders. */
export function detectProtocol(hints: ConnectionHints, frames: readonly DecoderFrame[] = []): Detection | null {
  const negotiated = hints.protocol ? protocolOfSubprotocol(hints.protocol) : undefined;
  if (negotiated) return { protocol: negotiated, by: 'subprotocol' };
  // Before the server has answered, the page's request counts when all it asks for agree.
  if (hints.protocol === undefined && hints.protocols && hints.protocols.length > 0) {
    const requested = new Set(hints.protocols.map(protocolOfSubprotocol));
    const [only] = requested;
    if (requested.size === 1 && only) return { protocol: only, by: 'subprotocol' };
  }
  const byUrl = protocolOfUrl(hints.url);
  if (byUrl) return { protocol: byUrl, by: 'url' };
  const byContent = sniffProtocol(frames);
  return byContent ? { protocol: byContent, by: 'content' } : null;
}
