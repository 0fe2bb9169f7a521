import type { ServerResponse } from 'node:http';
import type { Scope } from './scope';

/** Starts a streaming response of `contentType` and sends its headers at once. */
export function openStream(response: ServerResponse, contentType: string): void {
  response.writeHead(200, {
    'Content-Type': contentType,
    'Cache-Control': 'no-store',
    // No `Connection: keep-alive`: HTTP/1.1 keeps connections anyway, and the header would
    // override a client's `Connection: close`. This one asks a reverse proxy (nginx) not to
    // buffer the stream; harmless without one.
    'X-Accel-Buffering': 'no',
  });
  response.flushHeaders();
}

/**
 * Writes a streaming response with backpressure, either one write per `write()` call or, with
 * `chunkBytes` > 0, the whole output re-cut into writes of exactly `chunkBytes` (the last one
 * shorter), so that records straddle chunk boundaries the way they do behind real proxies.
 * A re-cut piece is written only once it is full, so an event's tail waits for the next event
 * (or the end); pieces go out one per event-loop turn, each on its own in the socket.
 *
 * Like the scope's timers, its promises never settle once the scope is disposed (the response
 * is gone then), so a producer loop awaiting them simply stops.
 */
export interface StreamWriter {
  write(data: string | Buffer): Promise<void>;
  /** Writes what a re-cut holds back, then ends the response. */
  end(): Promise<void>;
}

export function createStreamWriter(response: ServerResponse, scope: Scope, chunkBytes = 0): StreamWriter {
  let pending = Buffer.alloc(0);

  const send = async (data: string | Buffer): Promise<void> => {
    if (scope.disposed) return never();
    if (response.write(data)) return;
    await new Promise<void>((resolve) => {
      const settle = () => {
        response.off('drain', settle);
        response.off('close', settle);
        resolve();
      };
      response.on('drain', settle);
      response.on('close', settle);
    });
    if (scope.disposed) return never();
  };

  return {
    async write(data) {
      if (chunkBytes <= 0) return send(data);
      pending = Buffer.concat([pending, typeof data === 'string' ? Buffer.from(data) : data]);
      while (pending.length >= chunkBytes) {
        const piece = pending.subarray(0, chunkBytes);
        pending = pending.subarray(chunkBytes);
        await send(piece);
        await scope.nextTurn();
      }
    },
    async end() {
      if (pending.length > 0) await send(pending);
      pending = Buffer.alloc(0);
      if (scope.disposed) return never();
      response.end();
    },
  };
}

function never(): Promise<never> {
  return new Promise(() => {});
}
