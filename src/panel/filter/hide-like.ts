/**
 * "Hide messages like this one": the inverted text filter that hides a message and the ones
 * like it, kept predictable by always being an exact, anchored `/regex/` the user can read and
 * edit in the Filter box.
 */
import { clip } from '../format/visible-text';

/** Enough of a payload to tell message types apart, short enough to read in the Filter box. */
const PREFIX_CHARS = 40;

export interface HideLike {
  /** The Filter box's text; Invert on. */
  text: string;
  /** What it hides, for the menu item's title. */
  description: string;
}

export interface Likeness {
  opcode: 'text' | 'binary';
  data: string;
  /** The SSE event type. */
  event: string | undefined;
  /** A protocol decoder's event name, method, destination or topic. */
  decodedName: string | undefined;
}

// Controls, format characters (bidi overrides, zero-width) and line separators would be invisible
// or dropped in the one-line Filter box: each UTF-16 unit goes in as \uXXXX, which needs no u flag.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const visibleEscape = (char: string): string =>
  Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');

// `/` too: the Filter box reads `/…/flags` up to the last slash, and a plain one reads as a path.
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(INVISIBLE, visibleEscape);

/**
 * The SSE event type, else the decoded name (each a whole line of what the filter searches, hence
 * the m flag), else the text payload's first characters (the whole payload if that short). Null
 * for a binary frame no decoder named: the filter does not search base64.
 */
export function hideLike(message: Likeness): HideLike | null {
  if (message.event !== undefined) {
    const text = `/^${literal(message.event)}$/m`;
    return { text, description: `Hides every event of type “${message.event}”: sets the filter to ${text}, inverted` };
  }
  if (message.decodedName !== undefined) {
    const text = `/^${literal(message.decodedName)}$/m`;
    return { text, description: `Hides every message named “${message.decodedName}”: sets the filter to ${text}, inverted` };
  }
  if (message.opcode === 'binary') return null;
  const start = clip(message.data, PREFIX_CHARS);
  const whole = start.length === message.data.length;
  const text = whole ? `/^${literal(start)}$/` : `/^${literal(start)}/`;
  const what = whole ? 'exactly this payload' : `a payload starting with its first ${PREFIX_CHARS} characters`;
  return { text, description: `Hides every message with ${what}: sets the filter to ${text}, inverted` };
}
