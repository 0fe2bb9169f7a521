/**
 * Events as the hook keeps them until a panel reads them. A binary frame holds a private copy of
 * its bytes (the page may reuse or detach its buffer), or the Blob it came as, unread; it is read
 * and encoded as base64 only if a panel ever asks for it: while nobody inspects, no frame is read,
 * encoded or serialized at all.
 */
import { MAX_CAPTURED_PAYLOAD_BYTES } from '../shared/constants';
import type { FrameEvent, HookEvent } from '../shared/protocol';
import { byteCount, isView } from './natives';

export type HeldFrame = Omit<FrameEvent, 'data'> & { data: string | Uint8Array | Blob };
export type HeldEvent = Exclude<HookEvent, FrameEvent> | HeldFrame;

/** A frame whose Blob has not been read yet. */
export type UnreadFrame = HeldFrame & { data: Blob };

export const isUnread = (event: HeldEvent): event is UnreadFrame =>
  event.type === 'frame' && typeof event.data !== 'string' && !isView(event.data);

/** Bytes of binary payload a frame of `size` bytes holds, or will once its Blob is read. */
export const heldBytes = (data: Uint8Array | Blob, size: number): number =>
  isView(data) ? byteCount(data) : size > MAX_CAPTURED_PAYLOAD_BYTES ? MAX_CAPTURED_PAYLOAD_BYTES : size;

/**
 * What the page's heap spends on an object of about a dozen fields, its heap number and its
 * slots in the backlog's lanes, measured on Chromium (see the README's Performance section).
 */
const EVENT_OVERHEAD_BYTES = 160;

/** Characters of an event's own strings, which a frame's payload dwarfs. */
function lifecycleChars(event: Exclude<HeldEvent, HeldFrame>): number {
  if (event.type === 'create') return event.url.length + event.frameUrl.length;
  if (event.type === 'close') return event.reason.length;
  return 0;
}

/**
 * An upper bound of the heap bytes an event keeps alive, which the backlog budget counts. A text
 * payload's UTF-8 size bounds its string's (one byte a character for Latin-1 text, two for the
 * rest), so the walk that measuring heap bytes exactly would take is never needed.
 */
export function heapWeight(event: HeldEvent): number {
  if (event.type !== 'frame') return EVENT_OVERHEAD_BYTES + 2 * lifecycleChars(event);
  if (typeof event.data !== 'string') return EVENT_OVERHEAD_BYTES + heldBytes(event.data, event.size);
  return EVENT_OVERHEAD_BYTES + (event.truncated ? 2 * event.data.length : event.size);
}
