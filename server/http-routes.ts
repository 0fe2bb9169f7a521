import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ScopeRegistry } from './scope';
import type { SseEndpoint } from './sse-endpoint';
import type { StaticPage } from './static-pages';

export interface HttpRoutes {
  /** Looked up on every request, so pages added later are served at once. */
  pages: ReadonlyMap<string, StaticPage>;
  sseEndpoints: readonly SseEndpoint[];
  scopes: ScopeRegistry;
}

/** Plain HTTP: static pages, SSE streams, and 404 for the rest. */
export function createRequestListener({ pages, sseEndpoints, scopes }: HttpRoutes): RequestListener {
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');

    const page = pages.get(url.pathname);
    if (page) {
      response
        .writeHead(200, { 'Content-Type': page.contentType, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...page.headers })
        .end(page.body);
      return;
    }

    const sse = sseEndpoints.find((endpoint) => endpoint.path === url.pathname);
    if (sse) {
      serveEventStream(sse, request, response, url, scopes);
      return;
    }

    // Browsers ask for it unprompted; a 404 would put an error in every test page's console.
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }

    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: ${url.pathname}\n`);
  };
}

function serveEventStream(
  endpoint: SseEndpoint,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  scopes: ScopeRegistry,
): void {
  const scope = scopes.open();
  if (scope.disposed) {
    // The server is closing.
    response.writeHead(503).end();
    return;
  }
  // Ending the response (rather than destroying the socket) lets the browser see a clean
  // end of stream, which is also what a server restart looks like to it.
  scope.onDispose(() => response.end());
  response.on('close', () => scope.dispose());
  endpoint.serve({ request, response, url, scope });
}
