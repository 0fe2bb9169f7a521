/** The classic hex dump: offset, 16 bytes in two groups of 8, and the printable ASCII. */
import { toHexByte } from './base64';

export const HEX_DUMP_BYTES_PER_LINE = 16;

const isPrintableAscii = (byte: number): boolean => byte >= 0x20 && byte < 0x7f;

export function hexDumpLines(bytes: Uint8Array, offset = 0): string[] {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += HEX_DUMP_BYTES_PER_LINE) {
    const chunk = bytes.subarray(at, at + HEX_DUMP_BYTES_PER_LINE);
    let hex = '';
    let ascii = '';
    for (let i = 0; i < HEX_DUMP_BYTES_PER_LINE; i++) {
      const byte = chunk[i];
      hex += (i === 8 ? '  ' : i > 0 ? ' ' : '') + (byte === undefined ? '  ' : toHexByte(byte));
      if (byte !== undefined) ascii += isPrintableAscii(byte) ? String.fromCharCode(byte) : '.';
    }
    lines.push(`${(offset + at).toString(16).padStart(8, '0')}  ${hex}  |${ascii}|`);
  }
  return lines;
}
