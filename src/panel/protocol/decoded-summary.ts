/** The text a decode result shows as: one line for the grid, and the words the Filter box searches. */
import type { DecodeResult } from '../../decode';

export interface DecodedLine {
  text: string;
  /** The frame was not decoded: `text` is the decoder's note, and the grid dims it. */
  raw: boolean;
}

/** The first message's summary (a frame may hold several), or the note of a frame left raw. */
export function decodedLine(result: DecodeResult): DecodedLine {
  if (!result.ok) return { text: result.note, raw: true };
  const [first] = result.messages;
  const more = result.messages.length > 1 ? ` (+${result.messages.length - 1} more)` : '';
  return { text: `${first?.summary ?? ''}${more}`, raw: false };
}

/**
 * Every message's summary, kind, name and channel, one a line: what a text filter should find
 * (event name, topic, operation) even where a summary clipped it. Raw frames add nothing.
 */
export function searchableText(result: DecodeResult): string | undefined {
  if (!result.ok) return undefined;
  const parts: string[] = [];
  for (const m of result.messages) {
    parts.push(m.summary);
    if (m.name !== undefined) parts.push(m.name);
    if (m.channel !== undefined && m.channel !== m.name) parts.push(m.channel);
  }
  return parts.join('\n');
}
