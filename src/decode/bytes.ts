/** Binary frames arrive as base64 (extension messaging is JSON); these helpers read them back. */

/** The bytes of a base64 string, or null when it is not base64. */
export function bytesOf(base64: string): Uint8Array | null {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
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
  for (let i = 0; i < end; i++) hex += (i > 0 ? ' ' : '') + (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return bytes.length > max ? `${hex} …(${bytes.length} bytes)` : hex;
}

/** A binary body as a user reads it: text when it is UTF-8, else a bounded hex preview. */
export function textOrHex(bytes: Uint8Array): string {
  return utf8OrNull(bytes) ?? hexPreview(bytes);
}
