/**
 * SockJS framing, which Spring and others put around STOMP: the server sends `o` (open), `h`
 * (heartbeat), `a[...]` (a JSON array of messages), `m"..."` (one message, older servers) and
 * `c[code,"reason"]` (close); the client's WebSocket transport sends a JSON array of messages.
 * https://github.com/sockjs/sockjs-protocol (sockjs-protocol-0.3.3.py, "Framing")
 *
 * None of these can start a STOMP frame, so a decoder can try this first without a mode switch.
 */
import type { Direction } from '../shared/protocol';
import { parseJson } from './text';

export type SockJsFrame =
  | { type: 'open' }
  | { type: 'heartbeat' }
  | { type: 'close'; code?: number; reason?: string }
  | { type: 'messages'; messages: string[] };

/** The SockJS frame `text` is, or null when it is not SockJS framing. */
export function parseSockJsFrame(text: string, dir: Direction): SockJsFrame | null {
  if (dir === 'in') {
    if (text === 'o') return { type: 'open' };
    if (text === 'h') return { type: 'heartbeat' };
    if (text.startsWith('c[')) return closeFrame(text.slice(1));
    if (text.startsWith('a[')) return messagesOf(text.slice(1));
    if (text.startsWith('m"')) return messagesOf(`[${text.slice(1)}]`);
    return null;
  }
  if (text.startsWith('["')) return messagesOf(text);
  if (text.startsWith('"')) return messagesOf(`[${text}]`);
  return null;
}

function messagesOf(json: string): SockJsFrame | null {
  const parsed = parseJson(json);
  if (!parsed.ok || !Array.isArray(parsed.value)) return null;
  const messages = parsed.value.filter((m): m is string => typeof m === 'string');
  return messages.length === parsed.value.length ? { type: 'messages', messages } : null;
}

function closeFrame(json: string): SockJsFrame | null {
  const parsed = parseJson(json);
  if (!parsed.ok || !Array.isArray(parsed.value)) return null;
  const [code, reason] = parsed.value as unknown[];
  return {
    type: 'close',
    code: typeof code === 'number' ? code : undefined,
    reason: typeof reason === 'string' ? reason : undefined,
  };
}
