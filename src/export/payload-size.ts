/**
 * A payload's size in bytes as its data says: UTF-8 length of text, decoded length of base64.
 * The exporters write a frame's size only where it differs (truncated, or a framing that counted
 * bytes its message does not keep), and the importers fall back to this where a file has none.
 */
import type { Opcode } from '../shared/protocol';

export function payloadSize(opcode: Opcode, data: string): number {
  if (opcode === 'binary') {
    const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
    return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
  }
  let bytes = 0;
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < data.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
