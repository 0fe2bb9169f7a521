/**
 * "Also capture these URLs": patterns the user adds in Settings for HTTP traffic that no content
 * type or known transport gives away (an in-house long-polling API, say). `*` matches anything;
 * a pattern without one matches every URL that contains it.
 *
 * The relay reads them at each document's start, so that the hook captures from the first request
 * on, and a content script may not read `storage.local` (the service worker keeps it to the
 * extension's pages: it holds the composer's history). So they live in `storage.sync`, which holds
 * nothing else and syncs a user's settings as such; its 8 KB an item bounds them.
 */
export const CAPTURE_PATTERNS_KEY = 'frametap:capture-patterns';

export const MAX_CAPTURE_PATTERNS = 32;
export const MAX_CAPTURE_PATTERN_LENGTH = 200;

/** Patterns read back from storage or a message: untrusted, so trimmed, bounded and deduplicated. */
export function validCapturePatterns(x: unknown): string[] {
  if (!Array.isArray(x)) return [];
  const patterns: string[] = [];
  for (const item of x) {
    if (typeof item !== 'string') continue;
    const pattern = item.trim();
    if (pattern === '' || pattern.length > MAX_CAPTURE_PATTERN_LENGTH || patterns.includes(pattern)) continue;
    patterns.push(pattern);
    if (patterns.length === MAX_CAPTURE_PATTERNS) break;
  }
  return patterns;
}

/** The Settings text box: one pattern a line. */
export const patternsOfText = (text: string): string[] => validCapturePatterns(text.split('\n'));
