/** Small helpers every decoder shares: JSON parsing that cannot throw, and one-line summaries of hostile text. */

/** Characters of a name or id kept in a summary. */
const MAX_SUMMARY_PART = 120;

export type JsonParse = { ok: true; value: unknown } | { ok: false };

/** `JSON.parse` that reports failure instead of throwing (it also throws RangeError on deep nesting). */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A string, number or boolean id as text; anything else is not an id. */
export function idText(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' && Number.isFinite(x)) return String(x);
  return undefined;
}

/**
 * Makes untrusted text safe for a one-line summary: control characters (newlines included) become
 * spaces, and it is cut to `max` characters with an ellipsis.
 */
export function clip(text: string, max = MAX_SUMMARY_PART): string {
  const head = text.length > max ? text.slice(0, max) : text;
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const flat = head.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return text.length > max ? `${flat}…` : flat;
}

/** Joins summary parts, skipping the empty ones. */
export function summaryOf(...parts: (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' ');
}
