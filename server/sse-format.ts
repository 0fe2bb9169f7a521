import type { IncomingMessage, ServerResponse } from 'node:http';
import { openStream } from './stream-writer';

/**
 * The wire format of Server-Sent Events:
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

export interface SseEvent {
  /** Omitted: the event carries no `id:` line (the client's last event id stays as it was). */
  id?: number;
  /** Omitted for the default `message` event. */
  event?: string;
  /** Each line becomes its own `data:` line; the browser joins them with `\n`. */
  data: string;
}

/** The three line endings the format allows. */
export type SseLineEnding = '\n' | '\r\n' | '\r';

export function formatEvent({ id, event, data }: SseEvent, eol: SseLineEnding = '\n'): string {
  const lines = id === undefined ? [] : [`id: ${id}`];
  if (event) lines.push(`event: ${event}`);
  for (const line of data.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return `${lines.join(eol)}${eol}${eol}`;
}

/** Tells the browser how long to wait before reconnecting; dispatches no event. */
export function formatRetry(ms: number): string {
  return `retry: ${ms}\n\n`;
}

/** Ignored by the browser; keeps proxies from timing out an idle stream. */
export const KEEP_ALIVE_COMMENT = ': keep-alive\n\n';

/** Starts a `text/event-stream` response and sends its headers at once. */
export function openEventStream(response: ServerResponse): void {
  openStream(response, 'text/event-stream; charset=utf-8');
}

/** The id the browser last saw, sent as `Last-Event-ID` when it reconnects; undefined if none. */
export function readLastEventId(request: IncomingMessage): number | undefined {
  const header = request.headers['last-event-id'];
  if (typeof header !== 'string' || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}
