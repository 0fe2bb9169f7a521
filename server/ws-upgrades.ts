import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ScopeRegistry } from './scope';
import type { WsEndpoint } from './ws-endpoint';
import type { WsRecorder } from './ws-recorder';

export interface WsRoutes {
  endpoints: readonly WsEndpoint[];
  scopes: ScopeRegistry;
  recorder: WsRecorder;
}

export interface UpgradeHandler {
  onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/**
 * Routes HTTP upgrades to the WebSocket endpoints. One `WebSocketServer` per endpoint,
 * because permessage-deflate is a per-server option and only the echo endpoint offers it.
 */
export function createUpgradeHandler({ endpoints, scopes, recorder }: WsRoutes): UpgradeHandler {
  const servers = new Map(
    endpoints.map((endpoint) => [
      endpoint.path,
      {
        endpoint,
        wss: new WebSocketServer({
          noServer: true,
          // ws' own tracking is not needed: every connection's scope terminates it on close().
          clientTracking: false,
          perMessageDeflate: endpoint.perMessageDeflate ?? false,
          handleProtocols: selectFirstProtocol,
        }),
      },
    ]),
  );

  return {
    onUpgrade(request, socket, head) {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const route = servers.get(url.pathname);
      if (!route) return rejectUpgrade(socket, 404, `No WebSocket endpoint at ${url.pathname}`);
      const acceptance = route.endpoint.accept(url);
      if ('error' in acceptance) return rejectUpgrade(socket, 400, acceptance.error);

      route.wss.handleUpgrade(request, socket, head, (ws) => {
        const scope = scopes.open();
        scope.onDispose(() => ws.terminate());
        if (scope.disposed) return;
        ws.on('close', () => scope.dispose());
        // Protocol errors from a client (bad UTF-8, oversized frames) arrive here; `ws` then
        // destroys the socket and emits 'close'. Without a listener they would crash the server.
        ws.on('error', () => {});
        recorder.track(ws, url.pathname);
        acceptance.serve({ ws, url, scope });
      });
    },
    close() {
      for (const { wss } of servers.values()) wss.close();
    },
  };
}

/**
 * Accepts whatever the client asks for first, so `new WebSocket(url, ['chat', 'json'])`
 * opens with `protocol === 'chat'` (a client that requests protocols fails the connection
 * when the server selects none).
 */
function selectFirstProtocol(protocols: Set<string>): string | false {
  for (const protocol of protocols) return protocol;
  return false;
}

function rejectUpgrade(socket: Duplex, status: 400 | 404, message: string): void {
  // The HTTP server stops listening for errors on a socket it hands over for an upgrade; a
  // client resetting it meanwhile must not crash the server.
  socket.on('error', () => socket.destroy());
  const reasons = { 400: 'Bad Request', 404: 'Not Found' };
  socket.end(
    `HTTP/1.1 ${status} ${reasons[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}
