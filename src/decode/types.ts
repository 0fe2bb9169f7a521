/**
 * What every protocol decoder speaks. Decoders are pure: no DOM, no chrome APIs, no UI. The panel
 * creates one decoder per connection (some protocols keep state across frames) and feeds it that
 * connection's frames in sequence order.
 */
import type { Direction, FrameEvent } from '../shared/protocol';

export type ProtocolId =
  | 'socket.io'
  | 'stomp'
  | 'signalr'
  /** `graphql-transport-ws`, the protocol of the `graphql-ws` library. */
  | 'graphql-transport-ws'
  /** The legacy `subscriptions-transport-ws` protocol, whose sub-protocol name is `graphql-ws`. */
  | 'graphql-ws'
  | 'json-rpc'
  | 'mqtt';

/**
 * What a decoder reads of a frame; a `FrameEvent` is one. A polling channel's frame is an HTTP
 * request (`method`) or a response (`status`): a decoder tells the transport's own traffic (an
 * empty GET, a POST's `ok`) from the protocol's packets by them.
 */
export type DecoderFrame = Pick<FrameEvent, 'dir' | 'opcode' | 'data'> & Partial<Pick<FrameEvent, 'seq' | 'truncated' | 'method' | 'status'>>;

/**
 * Which side of a request/response pair a message is. Keys are scoped to one connection and may
 * repeat over its life (ids get reused, pings carry none): pair a response with the latest earlier
 * request of the same key. Keys embed the requester's direction, because both ends of most of these
 * protocols number their own requests independently (a client's ack 1 is not the server's ack 1).
 */
export interface Correlation {
  key: string;
  role: 'request' | 'response';
}

/** One protocol message: a frame holds one or several. */
export interface Decoded {
  protocol: ProtocolId;
  /** The message type in the protocol's own words: `EVENT`, `SEND`, `invocation`, `PUBLISH`... */
  kind: string;
  /** Event name, destination, hub method, operation name, JSON-RPC method or topic. */
  name?: string;
  /** Namespace, destination or topic: what a user filters a stream by. */
  channel?: string;
  /** Ack id, receipt, invocation id, operation id, JSON-RPC id or packet id, as text. */
  id?: string;
  correlation?: Correlation;
  /**
   * Decoded arguments, body or result. Built from the frame alone, so never bigger than it, or
   * for a message reassembled across frames from its `bytes`.
   */
  payload?: unknown;
  /** One line for the message grid, e.g. `EVENT chat:message /chat ack 12`. */
  summary: string;
  /** What the user should know besides: a binary attachment, a transport wrapper, a partial parse. */
  note?: string;
  /** Socket.IO binary attachments: `seq` of the frame that holds their placeholder packet. */
  attachedTo?: number;
  /**
   * A ping, a pong or a keep-alive: it only keeps the connection alive, so a user may hide it as
   * noise. Absent on every other message.
   */
  heartbeat?: true;
  /**
   * A message reassembled across frames: the sequence numbers of every frame that holds part of
   * it, in order, ending with the one that completes it and carries this message. Absent when the
   * message lies within its frame.
   */
  frames?: number[];
  /** The size of a message reassembled across frames (bounded by ./reassembly's limit). */
  bytes?: number;
}

/**
 * Part of a message of a byte-stream protocol (MQTT) that later frames complete: what a frame
 * ends in the middle of, or is entirely the middle of. The frame that completes the message
 * carries it, with `frames` naming this one.
 */
export interface Fragment {
  /** The message type, once its header has arrived (`PUBLISH`). */
  kind?: string;
  /** The message's bytes in this frame. */
  bytesHere: number;
  /** Its bytes so far, this frame's included. */
  received: number;
  /** Its whole size, once its header says. */
  length?: number;
  /** Whether the message starts in this frame. */
  starts: boolean;
  /** Too large to reassemble: its bytes are counted as they pass, not kept (see ./reassembly). */
  skipped?: true;
}

/**
 * `ok: true`: the frame's messages, with a note about any parts that could not be read, and the
 * fragment of a message that continues in a later frame (then `messages` may be empty).
 * `ok: false`: the frame is not this protocol or cannot be parsed (too large, truncated,
 * malformed); the panel shows it raw with the note.
 */
export type DecodeResult = { ok: true; messages: Decoded[]; note?: string; fragment?: Fragment } | { ok: false; note: string };

export interface FrameDecoder {
  readonly protocol: ProtocolId;
  /** Never throws. Frames must arrive in sequence order: some protocols span several frames. */
  decode(frame: DecoderFrame): DecodeResult;
  /**
   * A frame of the connection will not be decoded (refused as too large): a decoder that
   * reassembles a byte stream must not stitch the bytes around it together.
   */
  skip?(frame: DecoderFrame): void;
}

/** What a decoder may learn about its connection when it is created. */
export interface ConnectionContext {
  /** The connection's URL (Engine.IO states its protocol revision in the query, `EIO=3`). */
  url?: string;
}

/** The correlation key of a request made in `dir`. */
export function requestOf(dir: Direction, key: string): Correlation {
  return { key: `${dir}:${key}`, role: 'request' };
}

/** The correlation key of a response travelling in `dir` to a request made the other way. */
export function responseOf(dir: Direction, key: string): Correlation {
  return { key: `${dir === 'in' ? 'out' : 'in'}:${key}`, role: 'response' };
}
