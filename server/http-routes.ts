import type { RequestListener, ServerResponse } from 'node:http';
import type { HttpEndpoint, HttpExchange } from './http-endpoint';
import { HttpError } from './http-error';
import type { ScopeRegistry } from './scope';
import type { StaticPage } from './static-pages';

export interface HttpRoutes {
  /** Looked up on every request, so pages added later are served at once. */
  pages: ReadonlyMap<string, StaticPage>;
  endpoints: readonly HttpEndpoint[];
  scopes: ScopeRegistry;
  /** Kept up to date: the endpoint responses still open, by path (a test checks that a cancel reached the server). */
  openResponses: Map<string, number>;
}

const TEXT = 'text/plain; charset=utf-8';

/** Plain HTTP: static pages, streaming and polling endpoints, and 404 for the rest. */
export function createRequestListener({ pages, endpoints, scopes, openResponses }: HttpRoutes): RequestListener {
  const byPath = new Map(endpoints.map((endpoint) => [endpoint.path, endpoint]));

  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method === 'HEAD' ? 'GET' : request.method;

    const page = pages.get(url.pathname);
    if (page) {
      if (method !== 'GET') return refuseMethod(response, ['GET']);
      response
        .writeHead(200, { 'Content-Type': page.contentType, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...page.headers })
        .end(page.body);
      return;
    }

    const endpoint = byPath.get(url.pathname);
    if (endpoint) {
      const methods = endpoint.methods ?? ['GET'];
      if (!methods.some((allowed) => allowed === method)) return refuseMethod(response, methods);
      const scope = scopes.open();
      if (scope.disposed) {
        // The server is closing.
        response.writeHead(503).end();
        return;
      }
      // Ending the response (rather than destroying the socket) lets the client see a clean
      // end of stream, which is also what a server restart looks like to it. A request still
      // held (a long poll) gets a 503 rather than an empty 200.
      scope.onDispose(() => {
        if (!response.headersSent) response.writeHead(503);
        response.end();
      });
      openResponses.set(url.pathname, (openResponses.get(url.pathname) ?? 0) + 1);
      response.on('close', () => {
        openResponses.set(url.pathname, (openResponses.get(url.pathname) ?? 1) - 1);
        scope.dispose();
      });
      serve(endpoint, { request, response, url, scope });
      return;
    }

    // Browsers ask for it unprompted; a 404 would put an error in every test page's console.
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }

    if (method !== 'GET') return refuseMethod(response, ['GET']);
    response.writeHead(404, { 'Content-Type': TEXT }).end(`Not found: ${url.pathname}\n`);
  };
}

function serve(endpoint: HttpEndpoint, exchange: HttpExchange): void {
  const answerError = (error: unknown) => {
    const { response } = exchange;
    if (error instanceof HttpError && !response.headersSent) {
      response.writeHead(error.status, { 'Content-Type': TEXT, Connection: 'close' }).end(`${error.message}\n`);
    } else {
      // Too late for a status: cut the response so the client sees it fail.
      response.destroy();
      if (!(error instanceof HttpError)) console.error(`${exchange.url.pathname}:`, error);
    }
  };
  try {
    const served = endpoint.serve(exchange);
    if (served) served.catch(answerError);
  } catch (error) {
    answerError(error);
  }
}

function refuseMethod(response: ServerResponse, allowed: readonly string[]): void {
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])].join(', ');
  response.writeHead(405, { Allow: allow, 'Content-Type': TEXT }).end('Method not allowed\n');
}
