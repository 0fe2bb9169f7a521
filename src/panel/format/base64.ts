/** Binary payloads travel as base64 (extension messaging is JSON); the panel decodes only what it shows. */

import { bytesOf } from '../../decode/bytes';

export { toHexByte } from '../../decode/bytes';

/** The first `maxBytes` bytes of a base64 string, decoding no more of it than that. */
export function decodeBase64Prefix(base64: string, maxBytes: number): Uint8Array {
  // Not base64 after all (a truncated or forged payload): show nothing rather than guess.
  return bytesOf(base64, maxBytes) ?? new Uint8Array(0);
}
