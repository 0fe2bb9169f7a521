/**
 * What the page sent as a captured request's body, as an outgoing message. Only values the hook
 * can read without running page code or consuming anything: text, form parameters, bytes and
 * Blobs (read later, if a panel asks); a FormData or a stream body is named, not read.
 */
import { urlSearchParamsToString } from './http-natives';
import { NO_ARGS, apply } from './natives';
import { bytesOfPageValue, captureBytes, captureText, holdBlob, isBlob, type CapturedPayload } from './payload';

function searchParamsText(value: object): string | null {
  try {
    return apply(urlSearchParamsToString, value, NO_ARGS) as string;
  } catch {
    return null;
  }
}

export function requestBodyOf(body: unknown): CapturedPayload | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return captureText(body);
  if (typeof body !== 'object') return null;
  const bytes = bytesOfPageValue(body);
  if (bytes) return captureBytes(bytes);
  if (isBlob(body)) return holdBlob(body);
  const params = searchParamsText(body);
  if (params !== null) return captureText(params);
  return { opcode: 'text', size: 0, data: '(a body Frametap does not read: form data or a stream)', truncated: true };
}
