/**
 * Which decoder a connection gets: the user's choice when there is one, else detection from the
 * negotiated sub-protocol, the URL, then the first frames (see src/decode/detect).
 */
import { detectProtocol, isProtocolId, type DecoderFrame, type DetectionSource, type ProtocolId } from '../../decode';
import type { Connection } from '../store/connection';

/** What the user picked in the Protocol select: automatic detection, raw frames, or a protocol. */
export type ProtocolChoice = 'auto' | 'none' | ProtocolId;

export interface ProtocolDecision {
  protocol: ProtocolId | null;
  by: DetectionSource | 'user' | null;
}

export const UNDECIDED: ProtocolDecision = { protocol: null, by: null };

export function isProtocolChoice(x: unknown): x is ProtocolChoice {
  return x === 'auto' || x === 'none' || isProtocolId(x);
}

/** The protocol for a connection; `frames` are its first frames, for detection by content. */
export function decideProtocol(connection: Connection, choice: ProtocolChoice, frames: readonly DecoderFrame[]): ProtocolDecision {
  if (choice === 'none') return { protocol: null, by: 'user' };
  if (choice !== 'auto') return { protocol: choice, by: 'user' };
  // EventSource streams carry none of these protocols.
  if (connection.kind === 'sse') return UNDECIDED;
  const detection = detectProtocol(
    {
      url: connection.url,
      // Before the open event, the empty string means "not known yet", not "none negotiated".
      protocol: connection.state.phase === 'connecting' ? undefined : connection.protocol,
      protocols: connection.requestedProtocols,
    },
    frames,
  );
  return detection ? { protocol: detection.protocol, by: detection.by } : UNDECIDED;
}
