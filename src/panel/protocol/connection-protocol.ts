/**
 * Which decoder a connection gets: the user's choice when there is one, else what its transport
 * says (a long-polling channel cut as Engine.IO or SignalR packets), else detection from the
 * negotiated sub-protocol, the URL, then the first frames (see src/decode/detect).
 */
import { detectProtocol, isProtocolId, type DecoderFrame, type DetectionSource, type ProtocolId } from '../../decode';
import type { Framing } from '../../shared/protocol';
import type { Connection } from '../store/connection';

/** What the user picked in the Protocol select: automatic detection, raw frames, or a protocol. */
export type ProtocolChoice = 'auto' | 'none' | ProtocolId;

export interface ProtocolDecision {
  protocol: ProtocolId | null;
  /** `transport`: the hook cut the channel as that protocol's long-polling transport. */
  by: DetectionSource | 'transport' | 'user' | null;
}

export const UNDECIDED: ProtocolDecision = { protocol: null, by: null };

export function isProtocolChoice(x: unknown): x is ProtocolChoice {
  return x === 'auto' || x === 'none' || isProtocolId(x);
}

/** The protocols whose long-polling transport a framing is. SockJS carries anything (STOMP, mostly): detection reads it. */
const TRANSPORT_PROTOCOLS: Partial<Record<Framing, ProtocolId>> = { 'engine.io': 'socket.io', signalr: 'signalr' };

/**
 * Whether a stream's frames may be sniffed for a protocol: NDJSON lines can be JSON-RPC
 * messages, but SSE events, multipart parts and JSON text sequences are an API's own format,
 * which a content match would only misread. Polling channels are sniffed: a polled body is anything.
 */
const sniffable = (connection: Connection): boolean => connection.kind !== 'stream' || connection.http?.framing === 'ndjson';

/** The protocol for a connection; `frames` are its first frames, for detection by content. */
export function decideProtocol(connection: Connection, choice: ProtocolChoice, frames: readonly DecoderFrame[]): ProtocolDecision {
  if (choice === 'none') return { protocol: null, by: 'user' };
  if (choice !== 'auto') return { protocol: choice, by: 'user' };
  // EventSource streams carry none of these protocols.
  if (connection.kind === 'sse') return UNDECIDED;
  const transport = connection.kind === 'poll' && connection.http ? TRANSPORT_PROTOCOLS[connection.http.framing] : undefined;
  if (transport) return { protocol: transport, by: 'transport' };
  const detection = detectProtocol(
    {
      url: connection.url,
      // Before the open event, the empty string means "not known yet", not "none negotiated".
      protocol: connection.state.phase === 'connecting' ? undefined : connection.protocol,
      protocols: connection.requestedProtocols,
    },
    sniffable(connection) ? frames : [],
  );
  return detection ? { protocol: detection.protocol, by: detection.by } : UNDECIDED;
}
