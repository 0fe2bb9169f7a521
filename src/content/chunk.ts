import { MAX_PORT_MESSAGE_BYTES } from '../shared/constants';
import { payloadLength } from '../shared/events';
import type { HookEvent } from '../shared/protocol';

/**
 * Splits events into runs whose payloads fit one extension message (Chrome refuses messages
 * above 64 MiB). A single event larger than the limit travels alone; the hook never captures
 * more than MAX_CAPTURED_PAYLOAD_BYTES of one frame, which is below it.
 */
export function chunkByPayload(events: HookEvent[], limit = MAX_PORT_MESSAGE_BYTES): HookEvent[][] {
  const chunks: HookEvent[][] = [];
  let current: HookEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = payloadLength(event);
    if (current.length > 0 && bytes + size > limit) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
