/**
 * What a server may put in a close frame (RFC 6455 §7.4 and §5.5: 1000–1014 except the
 * reserved 1004/1005/1006, or 3000–4999; the reason fits in a 125-byte control frame after the
 * 2-byte code). `ws` throws on anything else, so endpoints check first and answer politely.
 */

const MAX_REASON_BYTES = 123;

/** An error message, or undefined when `code`/`reason` can be sent. */
export function closeFrameError(code: number, reason: string): string | undefined {
  if (!isSendableCloseCode(code)) return `close code ${code} cannot be sent (use 1000-1014 except 1004-1006, or 3000-4999)`;
  if (Buffer.byteLength(reason) > MAX_REASON_BYTES) return `close reason is longer than ${MAX_REASON_BYTES} bytes`;
  return undefined;
}

function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006;
}
