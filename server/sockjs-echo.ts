/**
 * A SockJS echo server at `/sockjs` (the npm `sockjs` package), for the panel's SockJS
 * decoding: the client (GET /sockjs.min.js) picks WebSocket, or falls back to XHR streaming
 * and polling, and every message comes back as it was sent.
 */
import type { Server as HttpServer } from 'node:http';
import sockjs, { type Connection } from 'sockjs';

export const SOCKJS_PREFIX = '/sockjs';

export interface SockJsEcho {
  /** Closes every SockJS session; leaves the HTTP server to its owner. */
  close(): void;
}

/** Whether a request or upgrade is SockJS's, so that the plain WebSocket router leaves it alone. */
export function isSockJsRequest(url: string | undefined): boolean {
  const path = url ?? '';
  return path === SOCKJS_PREFIX || path.startsWith(`${SOCKJS_PREFIX}/`);
}

export function attachSockJsEcho(httpServer: HttpServer): SockJsEcho {
  const connections = new Set<Connection>();
  const server = sockjs.createServer({
    prefix: SOCKJS_PREFIX,
    // The iframe transports load the client from here rather than from a CDN.
    sockjs_url: '/sockjs.min.js',
    log: () => {},
  });
  server.on('connection', (connection: Connection) => {
    connections.add(connection);
    connection.on('data', (message) => connection.write(message));
    connection.on('close', () => connections.delete(connection));
  });
  // Runs before the server's other 'request' and 'upgrade' listeners and passes them
  // everything outside the prefix.
  server.installHandlers(httpServer);
  return {
    close() {
      for (const connection of connections) connection.close();
    },
  };
}
