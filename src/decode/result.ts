/** How decoders report: refusing, failing and partial success, the same way everywhere. */
import type { Decoded, DecodeResult, DecoderFrame, Fragment } from './types';

/**
 * Frames above this many characters (text, or base64 for binary) are not decoded: parsing a
 * 16 MiB JSON document per row would stall the panel for no useful summary.
 */
export const MAX_DECODE_CHARS = 4 * 1024 * 1024;

/** The reason not to decode a frame at all, or undefined when it may be decoded. */
export function refusal(frame: DecoderFrame): string | undefined {
  if (frame.data.length > MAX_DECODE_CHARS) {
    return `frame too large to decode (${frame.data.length} characters, limit ${MAX_DECODE_CHARS})`;
  }
  return undefined;
}

/** The note for a frame that could not be parsed: truncation is the likelier cause when it applies. */
export function unparsable(frame: DecoderFrame, what: string): { ok: false; note: string } {
  return { ok: false, note: frame.truncated ? `${what} (the frame was truncated)` : what };
}

/** One note for a frame's problems: the first, and how many more. */
export function noteOf(problems: string[]): string | undefined {
  if (problems.length === 0) return undefined;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `${problems[0]}${more}`;
}

/** A frame of several parts: decoded when any part was, with a note about the parts that were not. */
export function resultOf(messages: Decoded[], problems: string[], frame: DecoderFrame, nothing: string): DecodeResult {
  if (messages.length === 0) return unparsable(frame, problems[0] ?? nothing);
  const note = noteOf(problems);
  return note === undefined ? { ok: true, messages } : { ok: true, messages, note };
}

/** A frame of a reassembled byte stream: as `resultOf`, plus the fragment of a message it ends with. */
export function streamResult(messages: Decoded[], problems: string[], fragment: Fragment | undefined, frame: DecoderFrame, nothing: string): DecodeResult {
  if (!fragment) return resultOf(messages, problems, frame, nothing);
  const note = noteOf(problems);
  return note === undefined ? { ok: true, messages, fragment } : { ok: true, messages, fragment, note };
}
