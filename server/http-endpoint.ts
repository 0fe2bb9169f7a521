import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Scope } from './scope';

/** One request to an endpoint, with the scope that ends when the response does (or the server closes). */
export interface HttpExchange {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  scope: Scope;
}

export interface HttpEndpoint {
  path: string;
  /** Default GET (and HEAD). */
  methods?: readonly ('GET' | 'POST')[];
  /**
   * Throws (or rejects with) an HttpError before writing anything to refuse the request;
   * the router then answers with its status and message.
   */
  serve(exchange: HttpExchange): void | Promise<void>;
}
