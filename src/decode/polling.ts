/**
 * What long-polling transports share: a polling channel's outgoing frame is an HTTP request, and
 * one without a body carries no packet of the protocol (a GET, or SockJS's POST, waiting for the
 * server's messages; a DELETE ending the session). Decoders that read polling channels say so instead of failing.
 */
import { clip } from './text';
import type { Decoded, DecoderFrame, ProtocolId } from './types';

/** The request's own line, or null when the frame is not a bodiless request. */
export function bodilessRequest(frame: DecoderFrame, protocol: ProtocolId): Decoded | null {
  if (frame.dir !== 'out' || frame.method === undefined || frame.data !== '') return null;
  const method = clip(frame.method);
  // A GET (SockJS's xhr transport: a POST) only keeps the transport polling: as much noise as a keep-alive.
  if (method === 'GET' || method === 'POST') {
    return { protocol, kind: 'transport', summary: `poll ${method}`, note: 'the long-polling transport waits for the server’s messages', heartbeat: true };
  }
  return { protocol, kind: 'transport', summary: `${method} without a body` };
}
