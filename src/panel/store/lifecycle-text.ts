/**
 * The text of a lifecycle row. It is stored as the row's data, so that it shows in the preview
 * and the details, and so that the text filter finds "closed" or "1006" like any payload.
 */
import type { CloseEvent, ErrorEvent, OpenEvent } from '../../shared/protocol';
import { formatCount, plural } from '../format/count';

export function describeOpen(event: OpenEvent): string {
  const parts = ['Connection open'];
  if (event.protocol) parts.push(`protocol ${event.protocol}`);
  if (event.extensions) parts.push(`extensions ${event.extensions}`);
  return parts.join(' · ');
}

export function describeClose(event: CloseEvent): string {
  if (event.initiator === 'unknown') return 'Connection closed · code and cause not reported by the debugger';
  const parts = [`Connection closed by ${event.initiator}`];
  // HTTP has no close code: 0 stands for none.
  if (event.code !== 0) parts.push(`code ${event.code}`);
  if (event.reason) parts.push(`reason “${event.reason}”`);
  parts.push(event.wasClean ? 'clean' : 'not clean');
  return parts.join(' · ');
}

export function describeError(event: ErrorEvent): string {
  return event.reconnecting ? 'Error · reconnecting' : 'Error';
}

/**
 * A hole in a connection's sequence numbers, `from` to `to` inclusive, of which `missing` never
 * arrived (a replay after the extension restarted can bring some of them later).
 */
export function describeGap(from: number, to: number, missing: number): string {
  const total = to - from + 1;
  const which = from === to ? `seq ${formatCount(from)}` : `seq ${formatCount(from)}–${formatCount(to)}`;
  if (missing === total) return `${plural(total, 'message')} lost here (${which}), dropped by a budget or a restart`;
  if (missing === 0) return `${plural(total, 'message')} missing here (${which}) arrived later, further down`;
  return `${formatCount(missing)} of ${plural(total, 'message')} lost here (${which}); the others arrived later, further down`;
}
