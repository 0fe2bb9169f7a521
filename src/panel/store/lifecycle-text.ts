/**
 * The text of a lifecycle row. It is stored as the row's data, so that it shows in the preview
 * and the details, and so that issue 3's text filter finds "closed" or "1006" like any payload.
 */
import type { CloseEvent, ErrorEvent, OpenEvent } from '../../shared/protocol';

export function describeOpen(event: OpenEvent): string {
  const parts = ['Connection open'];
  if (event.protocol) parts.push(`protocol ${event.protocol}`);
  if (event.extensions) parts.push(`extensions ${event.extensions}`);
  return parts.join(' · ');
}

export function describeClose(event: CloseEvent): string {
  const parts = [`Connection closed by ${event.initiator}`, `code ${event.code}`];
  if (event.reason) parts.push(`reason “${event.reason}”`);
  parts.push(event.wasClean ? 'clean' : 'not clean');
  return parts.join(' · ');
}

export function describeError(event: ErrorEvent): string {
  return event.reconnecting ? 'Error · reconnecting' : 'Error';
}
