/**
 * MQTT 3.1, 3.1.1 and 5 over WebSocket (binary frames).
 * 3.1.1: https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html
 * 5.0:   https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html
 *
 * MQTT is a byte stream: over WebSocket "a single WebSocket data frame can contain multiple or
 * partial MQTT Control Packets. The receiver MUST NOT assume that MQTT Control Packets are aligned
 * on WebSocket frame boundaries" (MQTT-6.0.0-2). Brokers do split them: aedes writes a packet's
 * fixed header, length and body as frames of their own. So each direction's bytes go through a
 * reassembler (./reassembly), and a packet that spans frames is decoded in the frame that
 * completes it, naming the frames it came from. The decoder learns the protocol level from
 * CONNECT (v5 adds properties and reason codes) and keeps v5 topic aliases, so a PUBLISH that
 * names its topic by alias still shows the topic.
 */
import type { Direction } from '../shared/protocol';
import { bytesOf, hexPreview, textOrHex, utf8OrNull } from './bytes';
import { createReassembler, type Framing, type Reassembled, type Reassembler } from './reassembly';
import { streamResult, unparsable } from './result';
import { clip, summaryOf } from './text';
import { requestOf, responseOf, type Correlation, type Decoded, type DecodeResult, type DecoderFrame, type FrameDecoder } from './types';

const PACKET_TYPES = [
  undefined, 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP',
  'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH',
] as const;
type PacketType = NonNullable<(typeof PACKET_TYPES)[number]>;

const MAX_LIST_ITEMS = 1000;

/** Thrown by a read past the packet's end; caught per packet, never escapes the decoder. */
class OutOfBounds extends Error {}

/** Reads a packet's bytes front to back; every read past `end` throws OutOfBounds. */
class Cursor {
  constructor(
    private readonly bytes: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  take(n: number): Uint8Array {
    if (n > this.remaining) throw new OutOfBounds();
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A cursor over the next `n` bytes, which this one skips. */
  sub(n: number): Cursor {
    if (n > this.remaining) throw new OutOfBounds();
    const sub = new Cursor(this.bytes, this.pos, this.pos + n);
    this.pos += n;
    return sub;
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }

  u8(): number {
    return this.take(1)[0] ?? 0;
  }

  u16(): number {
    const [hi = 0, lo = 0] = this.take(2);
    return (hi << 8) | lo;
  }

  u32(): number {
    const [a = 0, b = 0, c = 0, d = 0] = this.take(4);
    return ((a << 24) >>> 0) + ((b << 16) | (c << 8) | d);
  }

  /** MQTT's Variable Byte Integer: 7 bits a byte, at most 4 bytes. */
  varint(): number {
    let value = 0;
    for (let i = 0; i < 4; i++) {
      const byte = this.u8();
      value += (byte & 0x7f) * 128 ** i;
      if ((byte & 0x80) === 0) return value;
    }
    throw new OutOfBounds();
  }

  binary(): Uint8Array {
    return this.take(this.u16());
  }

  /** A length-prefixed UTF-8 string; invalid UTF-8 shows as hex rather than failing the packet. */
  string(): string {
    const raw = this.binary();
    return utf8OrNull(raw) ?? hexPreview(raw);
  }
}

type PropertyType = 'byte' | 'u16' | 'u32' | 'varint' | 'string' | 'binary' | 'pair';

/** MQTT 5 properties by identifier (section 2.2.2.2). */
const PROPERTIES: Record<number, [string, PropertyType]> = {
  0x01: ['payloadFormatIndicator', 'byte'],
  0x02: ['messageExpiryInterval', 'u32'],
  0x03: ['contentType', 'string'],
  0x08: ['responseTopic', 'string'],
  0x09: ['correlationData', 'binary'],
  0x0b: ['subscriptionIdentifier', 'varint'],
  0x11: ['sessionExpiryInterval', 'u32'],
  0x12: ['assignedClientIdentifier', 'string'],
  0x13: ['serverKeepAlive', 'u16'],
  0x15: ['authenticationMethod', 'string'],
  0x16: ['authenticationData', 'binary'],
  0x17: ['requestProblemInformation', 'byte'],
  0x18: ['willDelayInterval', 'u32'],
  0x19: ['requestResponseInformation', 'byte'],
  0x1a: ['responseInformation', 'string'],
  0x1c: ['serverReference', 'string'],
  0x1f: ['reasonString', 'string'],
  0x21: ['receiveMaximum', 'u16'],
  0x22: ['topicAliasMaximum', 'u16'],
  0x23: ['topicAlias', 'u16'],
  0x24: ['maximumQoS', 'byte'],
  0x25: ['retainAvailable', 'byte'],
  0x26: ['userProperties', 'pair'],
  0x27: ['maximumPacketSize', 'u32'],
  0x28: ['wildcardSubscriptionAvailable', 'byte'],
  0x29: ['subscriptionIdentifierAvailable', 'byte'],
  0x2a: ['sharedSubscriptionAvailable', 'byte'],
};

type Properties = Record<string, unknown>;

function readProperty(c: Cursor, type: PropertyType): unknown {
  switch (type) {
    case 'byte':
      return c.u8();
    case 'u16':
      return c.u16();
    case 'u32':
      return c.u32();
    case 'varint':
      return c.varint();
    case 'string':
      return c.string();
    case 'binary':
      return hexPreview(c.binary());
    case 'pair':
      return [c.string(), c.string()];
  }
}

/** A v5 property block; user properties and subscription identifiers may repeat, so they collect. */
function readProperties(c: Cursor): Properties {
  const block = c.sub(c.varint());
  const properties: Properties = {};
  while (block.remaining > 0) {
    const entry = PROPERTIES[block.varint()];
    // An unknown identifier leaves no way to know its length: the packet is malformed.
    if (!entry) throw new OutOfBounds();
    const [name, type] = entry;
    const value = readProperty(block, type);
    if (type === 'pair' || name === 'subscriptionIdentifier') {
      const list = (properties[name] ??= []) as unknown[];
      if (list.length < MAX_LIST_ITEMS) list.push(value);
    } else {
      properties[name] = value;
    }
  }
  return properties;
}

/** Per-connection state the packets of one frame need from earlier frames. */
interface MqttState {
  /** 3 (3.1), 4 (3.1.1) or 5, from CONNECT; 3.1.1 until one is seen. */
  level: number;
  /** v5 topic aliases, set by each sender for its own PUBLISHes. */
  aliases: Record<Direction, Map<number, string>>;
}

interface Packet {
  type: PacketType;
  flags: number;
  body: Cursor;
  dir: Direction;
}

/** The parts of a Decoded a packet reader fills in; `protocol` and `kind` are the caller's. */
type PacketFields = Omit<Decoded, 'protocol' | 'kind' | 'summary'> & { detail?: (string | undefined | false)[] };

const packetKey = (id: number): string => `packet:${id}`;

/** CONNECT's protocol level byte, as the versions are known. */
const PROTOCOL_LEVELS: Record<number, string> = { 3: 'v3.1', 4: 'v3.1.1', 5: 'v5' };

/** CONNACK return codes of 3.1.1 (v5 reason codes are numbers to look up in the spec). */
const CONNACK_RETURN_CODES = ['accepted', 'unacceptable protocol version', 'identifier rejected', 'server unavailable', 'bad user name or password', 'not authorized'];

function readConnect({ body, dir }: Packet, state: MqttState): PacketFields {
  const protocolName = body.string();
  const level = body.u8();
  state.level = level;
  const flags = body.u8();
  const keepalive = body.u16();
  const properties = level === 5 ? readProperties(body) : undefined;
  const clientId = body.string();
  let will: Record<string, unknown> | undefined;
  if (flags & 0x04) {
    const willProperties = level === 5 ? readProperties(body) : undefined;
    const topic = body.string();
    will = { topic, payload: textOrHex(body.binary()), qos: (flags >> 3) & 3, retain: (flags & 0x20) !== 0, properties: willProperties };
  }
  const username = flags & 0x80 ? body.string() : undefined;
  // The password is a secret of the page's user: say it is there, not what it is.
  const password = flags & 0x40 ? `${body.binary().length} bytes` : undefined;
  return {
    name: clientId,
    payload: { protocolName, level, cleanStart: (flags & 0x02) !== 0, keepalive, clientId, will, username, password, properties },
    correlation: requestOf(dir, 'connect'),
    detail: [clientId && clip(clientId), PROTOCOL_LEVELS[level] ?? `level ${level}`, `keepalive ${keepalive}`],
  };
}

function readConnack({ body, dir }: Packet, state: MqttState): PacketFields {
  const sessionPresent = (body.u8() & 1) === 1;
  const code = body.u8();
  const properties = state.level === 5 && body.remaining > 0 ? readProperties(body) : undefined;
  const meaning = state.level === 5 ? (code === 0 ? 'success' : `reason ${code}`) : (CONNACK_RETURN_CODES[code] ?? `return code ${code}`);
  return {
    payload: { sessionPresent, code, properties },
    correlation: responseOf(dir, 'connect'),
    detail: [meaning, sessionPresent && 'session present'],
  };
}

function readPublish({ body, flags, dir }: Packet, state: MqttState): PacketFields {
  const qos = (flags >> 1) & 3;
  const retain = (flags & 1) === 1;
  const dup = (flags & 8) === 8;
  let topic = body.string();
  const packetId = qos > 0 ? body.u16() : undefined;
  const properties = state.level === 5 ? readProperties(body) : undefined;
  const alias = properties?.topicAlias;
  if (typeof alias === 'number') {
    // A PUBLISH names a topic once with its alias, later by the alias alone (MQTT 5, 3.3.2.3.4).
    if (topic) state.aliases[dir].set(alias, topic);
    else topic = state.aliases[dir].get(alias) ?? `alias ${alias}`;
  }
  const payload = body.rest();
  return {
    name: topic,
    channel: topic,
    id: packetId === undefined ? undefined : String(packetId),
    payload: { topic, qos, retain, dup, packetId, properties, payload: textOrHex(payload) },
    correlation: packetId === undefined ? undefined : requestOf(dir, packetKey(packetId)),
    detail: [clip(topic), `qos${qos}`, packetId !== undefined && `#${packetId}`, retain && 'retain', dup && 'dup', `${payload.length} bytes`],
  };
}

/** PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK (3.1.1) and the v5 forms with reason codes. */
function readAcknowledgement({ type, body, dir }: Packet, state: MqttState): PacketFields {
  const packetId = body.u16();
  const code = state.level === 5 && body.remaining > 0 ? body.u8() : undefined;
  const properties = state.level === 5 && body.remaining > 0 ? readProperties(body) : undefined;
  // QoS 2 runs PUBLISH → PUBREC, then PUBREL → PUBCOMP: the sender's PUBREL opens a second pair.
  const correlation: Correlation =
    type === 'PUBREL' ? requestOf(dir, `release:${packetId}`) : type === 'PUBCOMP' ? responseOf(dir, `release:${packetId}`) : responseOf(dir, packetKey(packetId));
  return {
    id: String(packetId),
    payload: { packetId, code, properties },
    correlation,
    detail: [`#${packetId}`, code !== undefined && code !== 0 && `reason ${code}`],
  };
}

function readSubscribe({ type, body, dir }: Packet, state: MqttState): PacketFields {
  const packetId = body.u16();
  const properties = state.level === 5 ? readProperties(body) : undefined;
  const topics: { topic: string; options?: number }[] = [];
  while (body.remaining > 0 && topics.length < MAX_LIST_ITEMS) {
    const topic = body.string();
    topics.push(type === 'SUBSCRIBE' ? { topic, options: body.u8() } : { topic });
  }
  const names = topics.map((t) => t.topic).join(', ');
  return {
    name: names,
    channel: names,
    id: String(packetId),
    payload: { packetId, properties, topics },
    correlation: requestOf(dir, packetKey(packetId)),
    detail: [clip(names), `#${packetId}`],
  };
}

function readSuback({ body, dir }: Packet, state: MqttState): PacketFields {
  const packetId = body.u16();
  const properties = state.level === 5 ? readProperties(body) : undefined;
  const codes = Array.from(body.take(Math.min(body.remaining, MAX_LIST_ITEMS)));
  return {
    id: String(packetId),
    payload: { packetId, properties, codes },
    correlation: responseOf(dir, packetKey(packetId)),
    detail: [`#${packetId}`, `codes ${codes.join(', ')}`],
  };
}

/** DISCONNECT and AUTH: in v5 an optional reason code and properties; nothing before. */
function readReason({ body }: Packet, state: MqttState): PacketFields {
  const code = state.level === 5 && body.remaining > 0 ? body.u8() : undefined;
  const properties = state.level === 5 && body.remaining > 0 ? readProperties(body) : undefined;
  return { payload: code === undefined ? undefined : { code, properties }, detail: [code !== undefined && code !== 0 && `reason ${code}`] };
}

function readPacket(packet: Packet, state: MqttState): PacketFields {
  switch (packet.type) {
    case 'CONNECT':
      return readConnect(packet, state);
    case 'CONNACK':
      return readConnack(packet, state);
    case 'PUBLISH':
      return readPublish(packet, state);
    case 'PUBACK':
    case 'PUBREC':
    case 'PUBREL':
    case 'PUBCOMP':
      return readAcknowledgement(packet, state);
    case 'UNSUBACK':
      return state.level === 5 ? readSuback(packet, state) : readAcknowledgement(packet, state);
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      return readSubscribe(packet, state);
    case 'SUBACK':
      return readSuback(packet, state);
    case 'PINGREQ':
      return { correlation: requestOf(packet.dir, 'ping'), heartbeat: true };
    case 'PINGRESP':
      return { correlation: responseOf(packet.dir, 'ping'), heartbeat: true };
    case 'DISCONNECT':
    case 'AUTH':
      return readReason(packet, state);
  }
}

/**
 * Where a control packet ends: its fixed header is a type byte, then the length of the rest as a
 * Variable Byte Integer of at most 4 bytes (2.2.3). Reads the header only.
 */
function framePacket(bytes: Uint8Array): Framing {
  const first = bytes[0];
  if (first === undefined) return { incomplete: true };
  const kind = PACKET_TYPES[first >> 4];
  if (kind === undefined) return { invalid: 'reserved MQTT packet type 0' };
  let length = 0;
  for (let i = 1; i <= 4; i++) {
    const byte = bytes[i];
    if (byte === undefined) return { incomplete: true, kind };
    length += (byte & 0x7f) * 128 ** (i - 1);
    if ((byte & 0x80) === 0) {
      const total = i + 1 + length;
      return total <= bytes.length ? { complete: total, kind } : { incomplete: true, length: total, kind };
    }
  }
  return { invalid: `${kind} with a malformed length` };
}

export function createMqttDecoder(): FrameDecoder {
  const state: MqttState = { level: 4, aliases: { in: new Map(), out: new Map() } };
  // Each end writes its own stream: a client's half packet says nothing of the broker's.
  const streams: Record<Direction, Reassembler> = { in: createReassembler(framePacket), out: createReassembler(framePacket) };
  /** Stands in for the sequence number of frames that come without one. */
  let ordinal = 0;

  /** A whole packet, as framePacket found it, or a reason it cannot be read. */
  function readWhole({ bytes, chunks }: Reassembled, dir: Direction): Decoded | string {
    const packet = new Cursor(bytes, 0, bytes.length);
    const first = packet.u8();
    const type = PACKET_TYPES[first >> 4];
    if (type === undefined) return 'reserved MQTT packet type 0';
    try {
      const body = packet.sub(packet.varint());
      const { detail = [], ...fields } = readPacket({ type, flags: first & 0x0f, body, dir }, state);
      const frames = chunks.length > 1 ? { frames: chunks, bytes: bytes.length } : undefined;
      return { protocol: 'mqtt', kind: type, ...fields, summary: summaryOf(type, ...detail), ...frames };
    } catch (error) {
      if (error instanceof OutOfBounds) return `malformed ${type}`;
      throw error;
    }
  }

  function decode(frame: DecoderFrame): DecodeResult {
    const stream = streams[frame.dir];
    if (frame.opcode === 'text') {
      // Not part of the byte stream (6.0.0-1 makes it an error): a packet it interrupts is lost.
      stream.interrupt();
      return { ok: false, note: 'MQTT over WebSocket is binary' };
    }
    const bytes = bytesOf(frame.data);
    if (!bytes) {
      stream.interrupt();
      return unparsable(frame, 'binary frame is not valid base64');
    }
    const chunk = stream.push(bytes, frame.seq ?? ++ordinal);
    const messages: Decoded[] = [];
    const problems = [...chunk.problems];
    for (const whole of chunk.messages) {
      const packet = readWhole(whole, frame.dir);
      if (typeof packet === 'string') problems.push(packet);
      else messages.push(packet);
    }
    if (chunk.uncounted > 0) problems.push(`${chunk.uncounted} more packets in this frame not decoded`);
    let fragment = chunk.unfinished;
    if (fragment && frame.truncated) {
      // The rest of the packet was cut from this frame: later bytes would not continue it.
      stream.interrupt();
      problems.push(`${fragment.kind ?? 'packet'} cut short`);
      fragment = undefined;
    }
    return streamResult(messages, problems, fragment, frame, 'empty frame');
  }

  return { protocol: 'mqtt', decode, skip: (frame) => streams[frame.dir].interrupt() };
}
