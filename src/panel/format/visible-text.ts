/**
 * Makes invisible characters visible in one-line previews. A payload is untrusted: a newline
 * would break the row, and a right-to-left override (U+202E) or a zero-width character could make
 * a preview read as something it is not (the "Trojan Source" trick, CVE-2021-42574).
 */

// Controls (Cc), format characters such as bidi overrides and zero-width joiners (Cf), and the
// line/paragraph separators (Zl, Zp).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** The usual escapes, as a developer would type them; `\u202E` style for the rest. */
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

// Escapes rather than the Control Pictures glyphs (␊): many monospace fonts lack those.
function visibleFor(char: string): string {
  const escape = ESCAPES[char];
  if (escape) return escape;
  const code = char.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

export function makeInvisiblesVisible(text: string): string {
  return text.replace(INVISIBLE, visibleFor);
}

/** The first `maxChars` UTF-16 units, without splitting a surrogate pair. */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const code = text.charCodeAt(maxChars - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? maxChars - 1 : maxChars;
  return text.slice(0, end);
}

// The same, but line breaks and tabs stay: the details pane shows payloads on many lines.
const INVISIBLE_INLINE = /(?![\n\t])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** For multi-line views: every invisible character made visible except newlines and tabs. */
export function makeInlineInvisiblesVisible(text: string): string {
  return text.replace(INVISIBLE_INLINE, visibleFor);
}
