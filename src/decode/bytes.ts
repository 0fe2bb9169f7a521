/** Binary frames arrive as base64 (extension messaging is JSON); these helpers read them back. */

/**
 * The bytes of a base64 string, or null when it is not base64. With `maxBytes`, only the first
 * `maxBytes` bytes, decoding no more of the string than that (a preview of a 16 MiB frame).
 */
export function bytesOf(base64: string, maxBytes = Infinity): Uint8Array | null {
  const chars = Math.min(base64.length, Math.ceil(maxBytes / 3) * 4);
  let binary: string;
  try {
    binary = atob(chars < base64.length ? base64.slice(0, chars) : base64);
  } catch {
    return null;
  }
  const length = Math.min(binary.length, maxBytes);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function toHexByte(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are valid UTF-8, else null. */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Bytes shown in a hex preview. */
const MAX_HEX_BYTES = 256;

export function hexPreview(bytes: Uint8Array, max = MAX_HEX_BYTES): string {
  let hex = '';
  const end = Math.min(bytes.length, max);
  for (let i = 0; i < end; i++) hex += (i > 0 ? ' ' : '') + toHexByte(bytes[i] ?? 0);
  return bytes.length > max ? `${hex} …(${bytes.length} bytes)` : hex;
}

/** A binary body as a user reads it: text when it is UTF-8, else a bounded hex preview. */
export function textOrHex(bytes: Uint8Array): string {
  return utf8OrNull(bytes) ?? hexPreview(bytes);
}
