/**
 * The composer's draft ⇄ what a command carries. A draft is text the user typed in one of four
 * formats; a command carries text, or binary as base64. Validation errors are the user's to read,
 * so they say what is wrong and where.
 */
import { bytesOf, toHexByte, utf8OrNull } from '../../decode/bytes';
import type { Opcode } from '../../shared/protocol';
import { prettyJson } from '../format/json';

export type DraftFormat = 'text' | 'json' | 'hex' | 'base64';

export const DRAFT_FORMATS: readonly { format: DraftFormat; label: string }[] = [
  { format: 'text', label: 'Text' },
  { format: 'json', label: 'JSON' },
  { format: 'hex', label: 'Hex' },
  { format: 'base64', label: 'Base64' },
];

export interface Draft {
  text: string;
  format: DraftFormat;
}

export type Encoded = { ok: true; opcode: Opcode; data: string } | { ok: false; error: string };

export function isBinaryFormat(format: DraftFormat): boolean {
  return format === 'hex' || format === 'base64';
}

/** Base64 of bytes, in chunks: `String.fromCharCode(...bytes)` overflows the stack on big arrays. */
export function base64OfBytes(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = '';
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  }
  return btoa(binary);
}

function hexBytes(text: string): Uint8Array | string {
  const digits = text.replace(/\s+/g, '').replace(/^0x/i, '');
  const bad = /[^0-9a-f]/i.exec(digits);
  if (bad) return `Not a hex digit: "${bad[0]}"`;
  if (digits.length % 2 !== 0) return 'Hex needs two digits per byte';
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function base64Bytes(text: string): Uint8Array | string {
  const compact = text.replace(/\s+/g, '');
  // atob also accepts missing padding, which is what people paste.
  const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(compact) ? bytesOf(compact) : null;
  return bytes ?? 'Not valid base64';
}

/** The draft's bytes (for binary formats), or the reason it has none. */
function draftBytes({ text, format }: Draft): Uint8Array | string {
  return format === 'hex' ? hexBytes(text) : base64Bytes(text);
}

/**
 * JSON without the whitespace between tokens, numbers and strings copied as typed (a 64-bit id
 * survives, which a parse and stringify would round).
 */
export function compactJson(json: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += json[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (!/\s/.test(ch)) out += ch;
  }
  return out;
}

function jsonError(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return `Invalid JSON: ${(error as Error).message}`;
  }
}

export function encodeDraft(draft: Draft): Encoded {
  switch (draft.format) {
    case 'text':
      return { ok: true, opcode: 'text', data: draft.text };
    case 'json': {
      const error = jsonError(draft.text);
      return error ? { ok: false, error } : { ok: true, opcode: 'text', data: compactJson(draft.text) };
    }
    default: {
      const bytes = draftBytes(draft);
      return typeof bytes === 'string' ? { ok: false, error: bytes } : { ok: true, opcode: 'binary', data: base64OfBytes(bytes) };
    }
  }
}

/** The inline validation message for a draft, or null when it can be sent. */
export function draftError(draft: Draft): string | null {
  const encoded = encodeDraft(draft);
  return encoded.ok ? null : encoded.error;
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, toHexByte).join(' ');
}

function bytesAsDraft(bytes: Uint8Array, format: DraftFormat): string | null {
  if (format === 'hex') return hexOf(bytes);
  if (format === 'base64') return base64OfBytes(bytes);
  const text = utf8OrNull(bytes);
  return text === null || format === 'text' ? text : textAsDraft(text, format);
}

function textAsDraft(text: string, format: DraftFormat): string | null {
  if (format === 'text') return text;
  if (format === 'json') {
    const pretty = prettyJson(text);
    return pretty.kind === 'pretty' ? pretty.text : text;
  }
  return bytesAsDraft(new TextEncoder().encode(text), format);
}

/**
 * The draft rewritten in another format (text ⇄ bytes as UTF-8, JSON pretty-printed), or its
 * text unchanged when it has no equivalent there (bytes that are not UTF-8, invalid input).
 */
export function convertDraft(draft: Draft, to: DraftFormat): string {
  if (draft.text === '' || draft.format === to) return draft.text;
  const bytes = isBinaryFormat(draft.format) ? draftBytes(draft) : null;
  const converted =
    bytes === null ? textAsDraft(draft.text, to) : typeof bytes === 'string' ? null : bytesAsDraft(bytes, to);
  return converted ?? draft.text;
}

/** Above this many bytes, binary loads as base64: hex would be three times the size. */
const MAX_HEX_DRAFT_BYTES = 64 * 1024;

/** A captured payload as a draft to edit: JSON pretty-printed, binary as hex (base64 when big). */
export function draftOfPayload(opcode: Opcode, data: string): Draft {
  if (opcode === 'binary') {
    const bytes = bytesOf(data);
    if (bytes && bytes.length <= MAX_HEX_DRAFT_BYTES) return { text: hexOf(bytes), format: 'hex' };
    return { text: data, format: 'base64' };
  }
  const pretty = prettyJson(data);
  return pretty.kind === 'pretty' ? { text: pretty.text, format: 'json' } : { text: data, format: 'text' };
}
