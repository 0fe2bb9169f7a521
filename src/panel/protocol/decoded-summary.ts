/** The text a decode result shows as: one line for the grid, and the words the Filter box searches. */
import type { Decoded, Fragment } from '../../decode';
import type { TrackedResult } from './protocol-tracker';

export interface DecodedLine {
  text: string;
  /**
   * Nothing of the frame's own to show, and the grid dims it: the frame was not decoded (`text`
   * is the decoder's note), or it holds only part of a message that another frame carries.
   */
  raw: boolean;
}

/** What a fragment is, before the frame that completes its message is known. */
function fragmentText({ kind = 'packet', received, length, skipped }: Fragment): string {
  if (skipped) return `part of ${kind} of ${length ?? '?'} bytes, too large to reassemble`;
  return `part of ${kind} (${length === undefined ? received : `${received} of ${length}`} bytes so far)`;
}

/** A part of a message, as the grid says it: which part of which message, once it is complete. */
function partText(fragment: Fragment, partOf: TrackedResult['partOf']): string {
  if (!partOf) return fragmentText(fragment);
  return `part ${partOf.part}/${partOf.parts} of ${partOf.message?.summary ?? fragment.kind ?? 'a packet'}`;
}

/** The message's summary, saying how many frames it came from when more than its own. */
const messageText = (message: Decoded): string => (message.frames ? `${message.summary} (from ${message.frames.length} frames)` : message.summary);

/**
 * The first message's summary (a frame may hold several), then whether the frame also starts a
 * message a later frame completes; for a frame that holds only part of a message, which part of
 * which message; or the note of a frame left raw.
 */
export function decodedLine(result: TrackedResult): DecodedLine {
  if (!result.ok) return { text: result.note, raw: true };
  const [first] = result.messages;
  if (!first) return { text: result.fragment ? partText(result.fragment, result.partOf) : '', raw: true };
  const more = result.messages.length > 1 ? ` (+${result.messages.length - 1} more)` : '';
  const then = result.fragment ? `, then start of ${result.fragment.kind ?? 'a packet'}` : '';
  return { text: `${messageText(first)}${more}${then}`, raw: false };
}

/**
 * Every message's summary, kind, name and channel, one a line: what a text filter should find
 * (event name, topic, operation) even where a summary clipped it. A part of a message is found by
 * its message's. Raw frames add nothing.
 */
export function searchableText(result: TrackedResult): string | undefined {
  if (!result.ok) return undefined;
  const parts: string[] = [];
  const messages = result.partOf?.message && result.messages.length === 0 ? [result.partOf.message] : result.messages;
  for (const m of messages) {
    parts.push(m.summary);
    if (m.name !== undefined) parts.push(m.name);
    if (m.channel !== undefined && m.channel !== m.name) parts.push(m.channel);
  }
  return parts.join('\n');
}
