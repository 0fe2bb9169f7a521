import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Scope } from './scope';

/** One SSE request, with the scope that ends when the response does (or the server closes). */
export interface SseRequest {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  scope: Scope;
}

export interface SseEndpoint {
  path: string;
  serve(sse: SseRequest): void;
}
