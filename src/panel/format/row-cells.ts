/** The text of a grid row's cells that is not plain formatting: direction, type, preview. */
import type { LogEntry } from '../store/message-log';
import { previewOf, previewText } from './preview';

export interface DirectionCell {
  symbol: string;
  /** Spoken and shown on hover. */
  label: string;
}

/**
 * ↑ sent and ↓ received, as in DevTools. Frames the panel made (issue 4's composer and injector)
 * get the dashed arrows ⇡ ⇣, so they never pass for the page's own traffic.
 */
export function directionCell(e: Pick<LogEntry, 'kind' | 'dir' | 'via'>): DirectionCell {
  if (e.kind === 'gap') return { symbol: '⋯', label: 'messages lost' };
  if (e.kind !== 'frame') return { symbol: '•', label: e.kind };
  if (e.via === 'panel') return { symbol: '⇡', label: 'sent from Frametap' };
  if (e.via === 'inject') return { symbol: '⇣', label: 'injected by Frametap' };
  if (e.via === 'rule') return { symbol: '⇣', label: 'replied by a Frametap rule' };
  return e.dir === 'out' ? { symbol: '↑', label: 'sent' } : { symbol: '↓', label: 'received' };
}

/**
 * text / binary for WebSocket frames, the event type for SSE, the method or status of a polling
 * request or response, the event for lifecycle rows.
 */
export function typeLabel(e: Pick<LogEntry, 'kind' | 'opcode' | 'event' | 'http'>): string {
  if (e.kind !== 'frame') return e.kind;
  return e.event ?? e.http ?? e.opcode;
}

export function rowPreview(e: Pick<LogEntry, 'kind' | 'opcode' | 'data' | 'size'>): string {
  return e.kind === 'frame' ? previewOf(e) : previewText(e.data);
}
