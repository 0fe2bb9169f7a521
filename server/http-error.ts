/** Thrown by an HTTP endpoint before it writes anything; the router answers with it. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 405 | 413 | 503,
    message: string,
  ) {
    super(message);
  }
}
