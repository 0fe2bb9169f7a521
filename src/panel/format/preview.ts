/** The grid's one-line preview of a message. Bounded: it never looks at more than it shows. */
import type { LogEntry } from '../store/message-log';
import { decodeBase64Prefix, toHexByte } from './base64';
import { formatBytes } from './size';
import { clip, makeInvisiblesVisible } from './visible-text';

export const PREVIEW_MAX_CHARS = 200;
export const PREVIEW_MAX_BYTES = 32;

export function previewText(text: string, maxChars = PREVIEW_MAX_CHARS): string {
  const clipped = clip(text, maxChars);
  return makeInvisiblesVisible(clipped) + (clipped.length < text.length ? '…' : '');
}

/** `00 01 ff … (1.2 kB)`: the first bytes in hex, and the size of the whole payload. */
export function previewBinary(base64: string, size: number, maxBytes = PREVIEW_MAX_BYTES): string {
  const bytes = decodeBase64Prefix(base64, maxBytes);
  const hex = Array.from(bytes, toHexByte).join(' ');
  return `${hex}${size > bytes.length ? ' …' : ''} (${formatBytes(size)})`;
}

export function previewOf(entry: Pick<LogEntry, 'opcode' | 'data' | 'size'>): string {
  return entry.opcode === 'binary' ? previewBinary(entry.data, entry.size) : previewText(entry.data);
}
