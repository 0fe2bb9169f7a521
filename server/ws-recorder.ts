import type { WebSocket } from 'ws';
import { toBuffer } from './ws-endpoint';

/** A WebSocket message the server received from a client. */
export interface ReceivedMessage {
  /** The endpoint, e.g. `/ws/echo` (no query). */
  path: string;
  /** Numbers the server's WebSocket connections from 1, across all endpoints. */
  connection: number;
  /** Text frames as a string, binary frames as a Buffer. */
  data: string | Buffer;
  binary: boolean;
  /** Epoch ms on arrival. */
  time: number;
}

/** A close frame received from a client, with the code and reason it carried. */
export interface ReceivedClose {
  path: string;
  connection: number;
  code: number;
  reason: string;
}

/** Keep the last 100k messages; trim in batches so that each arrival stays O(1). */
const MAX_RECEIVED = 100_000;
const TRIM_BATCH = 10_000;

/**
 * `ws` reports 1006 when the connection ended without a close frame (the client vanished,
 * or the server terminated it): nothing was received, so nothing is recorded.
 */
const NO_CLOSE_FRAME = 1006;

export interface WsRecorder {
  readonly received: ReceivedMessage[];
  readonly closes: ReceivedClose[];
  /** Records what arrives on `ws` from now on. */
  track(ws: WebSocket, path: string): void;
}

export function createWsRecorder(): WsRecorder {
  const received: ReceivedMessage[] = [];
  const closes: ReceivedClose[] = [];
  let connections = 0;

  return {
    received,
    closes,
    track(ws, path) {
      connections += 1;
      const connection = connections;
      ws.on('message', (raw, binary) => {
        const bytes = toBuffer(raw);
        received.push({ path, connection, data: binary ? bytes : bytes.toString(), binary, time: Date.now() });
        if (received.length >= MAX_RECEIVED + TRIM_BATCH) received.splice(0, received.length - MAX_RECEIVED);
      });
      // After a protocol error `ws` closes with its own code (1002, 1007, 1009…), not the client's.
      let failed = false;
      ws.on('error', () => {
        failed = true;
      });
      ws.on('close', (code, reason) => {
        if (!failed && code !== NO_CLOSE_FRAME) closes.push({ path, connection, code, reason: reason.toString() });
      });
    },
  };
}
