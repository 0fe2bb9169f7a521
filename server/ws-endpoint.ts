import type { PerMessageDeflateOptions, RawData, WebSocket } from 'ws';
import type { Scope } from './scope';

/** One accepted WebSocket, with the scope that ends when it closes (or the server does). */
export interface WsConnection {
  ws: WebSocket;
  url: URL;
  scope: Scope;
}

/** Either an error, answered with HTTP 400 before the upgrade, or what to do once upgraded. */
export type WsAcceptance = { error: string } | { serve: (connection: WsConnection) => void };

export interface WsEndpoint {
  path: string;
  /** Off unless set: only the echo endpoint advertises an extension. */
  perMessageDeflate?: PerMessageDeflateOptions;
  accept(url: URL): WsAcceptance;
}

/**
 * `ws` hands out a Buffer with its default `binaryType`, but types the message as any of
 * its three shapes; this settles it in one place.
 */
export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
