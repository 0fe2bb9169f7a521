/** Binary payloads travel as base64 (extension messaging is JSON); the panel decodes only what it shows. */

/** The first `maxBytes` bytes of a base64 string, decoding no more of it than that. */
export function decodeBase64Prefix(base64: string, maxBytes: number): Uint8Array {
  const chars = Math.min(base64.length, Math.ceil(maxBytes / 3) * 4);
  let binary: string;
  try {
    binary = atob(base64.slice(0, chars));
  } catch {
    // Not base64 after all (a truncated or forged payload): show nothing rather than guess.
    return new Uint8Array(0);
  }
  const length = Math.min(binary.length, maxBytes);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function toHexByte(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
