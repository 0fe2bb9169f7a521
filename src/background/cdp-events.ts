/**
 * What Chrome's debugger reports of one worker's network traffic (CDP `Network` events), as the
 * hook events a page's own connections make: a WebSocket or an EventSource becomes a connection
 * with its lifecycle and frames, numbered and totalled the way the hook does it.
 *
 * The debugger reports a WebSocket's close without code, reason or cause: the close says
 * `unknown`. A connection first heard of by a frame (open before the debugger attached) is
 * created then, marked `joinedLate`, with the URL the debugger gave, if any. An EventSource's
 * reconnection is a new request to the debugger; it continues the connection it reconnects.
 */
import { MAX_CAPTURED_PAYLOAD_BYTES } from '../shared/constants';
import type { ConnId, ConnKind, Direction, HookEvent, Opcode, WorkerSource } from '../shared/protocol';

/** The few fields of the CDP events read here; everything else is ignored. */
interface CdpParams {
  requestId?: string;
  timestamp?: number;
  wallTime?: number;
  url?: string;
  type?: string;
  request?: { url?: string; headers?: Record<string, string> };
  response?: { opcode?: number; payloadData?: string; status?: number; headers?: Record<string, string> };
  eventName?: string;
  eventId?: string;
  data?: string;
  canceled?: boolean;
}

interface Tracked {
  conn: ConnId;
  kind: ConnKind;
  nextSeq: number;
  sent: { messages: number; bytes: number };
  received: { messages: number; bytes: number };
  /** An EventSource between an ended request and the browser's next attempt. */
  reconnecting: boolean;
  url: string;
  closed: boolean;
}

export interface CdpTranslator {
  /** The hook events one CDP event stands for: none, one, or two (a late connection's create first). */
  handle(method: string, params: unknown): HookEvent[];
  /** The worker is gone: every connection still open ends with it. */
  end(): HookEvent[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function headerOf(headers: Record<string, string> | undefined, name: string): string {
  if (!headers) return '';
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return String(headers[key]);
  return '';
}

/** Text as the hook captures it: its UTF-8 size, cut to the capture limit on a character boundary. */
function textPayload(text: string): { size: number; data: string; truncated: boolean } {
  const bytes = encoder.encode(text);
  if (bytes.length <= MAX_CAPTURED_PAYLOAD_BYTES) return { size: bytes.length, data: text, truncated: false };
  let end = MAX_CAPTURED_PAYLOAD_BYTES;
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return { size: bytes.length, data: decoder.decode(bytes.subarray(0, end)), truncated: true };
}

/** Base64 as the debugger sends binary frames: its byte size, cut to the capture limit. */
function binaryPayload(base64: string): { size: number; data: string; truncated: boolean } {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  const size = Math.max(0, (base64.length / 4) * 3 - padding);
  const limit = (MAX_CAPTURED_PAYLOAD_BYTES / 3) * 4;
  if (base64.length <= limit) return { size, data: base64, truncated: false };
  return { size, data: base64.slice(0, limit), truncated: true };
}

/**
 * `connPrefix` makes the ids unique across workers (request ids are only unique per renderer);
 * `now` is the time of an event whose CDP timestamp cannot be placed yet.
 */
export function createCdpTranslator(worker: WorkerSource, connPrefix: string, now: () => number): CdpTranslator {
  const byRequest = new Map<string, Tracked>();
  const all: Tracked[] = [];
  /** Epoch ms minus CDP's monotonic ms, learnt from the first event that carries a wall time. */
  let clockOffset: number | null = null;

  const timeOf = (p: CdpParams): number => {
    if (typeof p.timestamp !== 'number') return now();
    if (clockOffset === null && typeof p.wallTime === 'number') clockOffset = p.wallTime * 1000 - p.timestamp * 1000;
    return clockOffset === null ? now() : p.timestamp * 1000 + clockOffset;
  };

  function track(requestId: string, kind: ConnKind, url: string): Tracked {
    const tracked: Tracked = {
      conn: `${connPrefix}.${requestId}`.slice(0, 64),
      kind,
      nextSeq: 0,
      sent: { messages: 0, bytes: 0 },
      received: { messages: 0, bytes: 0 },
      reconnecting: false,
      url,
      closed: false,
    };
    byRequest.set(requestId, tracked);
    all.push(tracked);
    return tracked;
  }

  function create(tracked: Tracked, time: number, protocols: string[], joinedLate: boolean): HookEvent {
    return {
      conn: tracked.conn, seq: tracked.nextSeq++, time, type: 'create', kind: tracked.kind, url: tracked.url,
      protocols, withCredentials: false, frameUrl: worker.url, worker: { ...worker, readOnly: true, ...(joinedLate ? { joinedLate } : {}) },
    };
  }

  /** The connection of a frame, created on the spot when the debugger attached after it opened. */
  function connectionOf(requestId: string, kind: ConnKind, time: number, out: HookEvent[]): Tracked {
    const known = byRequest.get(requestId);
    if (known) return known;
    const late = track(requestId, kind, '');
    out.push(create(late, time, [], true));
    out.push({ conn: late.conn, seq: late.nextSeq++, time, type: 'open', protocol: '', extensions: '' });
    return late;
  }

  function frame(tracked: Tracked, time: number, dir: Direction, opcode: Opcode, payload: ReturnType<typeof textPayload>, extra: { event?: string; lastEventId?: string } = {}): HookEvent {
    const totals = dir === 'out' ? tracked.sent : tracked.received;
    totals.messages += 1;
    totals.bytes += payload.size;
    return {
      conn: tracked.conn, seq: tracked.nextSeq++, time, type: 'frame', dir, via: 'page', opcode, ...payload, ...extra,
      totalMessages: totals.messages, totalBytes: totals.bytes,
    };
  }

  function close(tracked: Tracked, time: number, initiator: 'unknown' | 'page' | 'server', wasClean: boolean): HookEvent[] {
    if (tracked.closed) return [];
    tracked.closed = true;
    return [{ conn: tracked.conn, seq: tracked.nextSeq++, time, type: 'close', code: 0, reason: '', wasClean, initiator }];
  }

  function webSocketFrame(p: CdpParams, dir: Direction): HookEvent[] {
    const opcode = p.response?.opcode;
    const payload = p.response?.payloadData;
    // Control frames (close, ping, pong) are not messages the page sees.
    if (!p.requestId || typeof payload !== 'string' || (opcode !== 1 && opcode !== 2)) return [];
    const out: HookEvent[] = [];
    const time = timeOf(p);
    const tracked = connectionOf(p.requestId, 'ws', time, out);
    out.push(frame(tracked, time, dir, opcode === 1 ? 'text' : 'binary', opcode === 1 ? textPayload(payload) : binaryPayload(payload)));
    return out;
  }

  /** An EventSource's request: a new connection, or the next attempt of one that is reconnecting. */
  function eventSourceRequest(p: CdpParams): HookEvent[] {
    const url = p.request?.url ?? '';
    if (!p.requestId) return [];
    const retry = all.find((t) => t.kind === 'sse' && t.reconnecting && !t.closed && t.url === url);
    if (retry) {
      retry.reconnecting = false;
      byRequest.set(p.requestId, retry);
      return [];
    }
    return [create(track(p.requestId, 'sse', url), timeOf(p), [], false)];
  }

  function requestEnded(p: CdpParams, failed: boolean): HookEvent[] {
    const tracked = p.requestId ? byRequest.get(p.requestId) : undefined;
    if (!tracked || tracked.kind !== 'sse' || tracked.closed || !p.requestId) return [];
    byRequest.delete(p.requestId);
    const time = timeOf(p);
    // The page's close() cancels the request; anything else ends in the browser trying again.
    if (failed && p.canceled) return close(tracked, time, 'page', true);
    tracked.reconnecting = true;
    return [{ conn: tracked.conn, seq: tracked.nextSeq++, time, type: 'error', reconnecting: true }];
  }

  function handle(method: string, params: unknown): HookEvent[] {
    if (typeof params !== 'object' || params === null) return [];
    const p = params as CdpParams;
    switch (method) {
      case 'Network.webSocketCreated':
        if (p.requestId && !byRequest.has(p.requestId)) track(p.requestId, 'ws', p.url ?? '');
        return [];
      case 'Network.webSocketWillSendHandshakeRequest': {
        const tracked = p.requestId ? byRequest.get(p.requestId) : undefined;
        if (!tracked || tracked.nextSeq !== 0) return [];
        const protocols = headerOf(p.request?.headers, 'sec-websocket-protocol');
        return [create(tracked, timeOf(p), protocols ? protocols.split(',').map((x) => x.trim()) : [], false)];
      }
      case 'Network.webSocketHandshakeResponseReceived': {
        const tracked = p.requestId ? byRequest.get(p.requestId) : undefined;
        if (!tracked || tracked.nextSeq === 0) return [];
        const headers = p.response?.headers;
        return [{
          conn: tracked.conn, seq: tracked.nextSeq++, time: timeOf(p), type: 'open',
          protocol: headerOf(headers, 'sec-websocket-protocol'), extensions: headerOf(headers, 'sec-websocket-extensions'),
        }];
      }
      case 'Network.webSocketFrameSent':
        return webSocketFrame(p, 'out');
      case 'Network.webSocketFrameReceived':
        return webSocketFrame(p, 'in');
      case 'Network.webSocketFrameError': {
        const tracked = p.requestId ? byRequest.get(p.requestId) : undefined;
        return tracked && !tracked.closed ? [{ conn: tracked.conn, seq: tracked.nextSeq++, time: timeOf(p), type: 'error', reconnecting: false }] : [];
      }
      case 'Network.webSocketClosed': {
        const tracked = p.requestId ? byRequest.get(p.requestId) : undefined;
        return tracked && tracked.nextSeq > 0 ? close(tracked, timeOf(p), 'unknown', true) : [];
      }
      case 'Network.requestWillBeSent':
        return p.type === 'EventSource' ? eventSourceRequest(p) : [];
      case 'Network.responseReceived': {
        const tracked = p.requestId ? byRequest.get(p.requestId) : undefined;
        if (!tracked || tracked.kind !== 'sse') return [];
        return [{ conn: tracked.conn, seq: tracked.nextSeq++, time: timeOf(p), type: 'open', protocol: '', extensions: '', status: p.response?.status }];
      }
      case 'Network.eventSourceMessageReceived': {
        if (!p.requestId || typeof p.data !== 'string') return [];
        const out: HookEvent[] = [];
        const time = timeOf(p);
        const tracked = connectionOf(p.requestId, 'sse', time, out);
        out.push(frame(tracked, time, 'in', 'text', textPayload(p.data), { event: p.eventName ?? 'message', lastEventId: p.eventId ?? '' }));
        return out;
      }
      case 'Network.loadingFinished':
        return requestEnded(p, false);
      case 'Network.loadingFailed':
        return requestEnded(p, true);
      default:
        return [];
    }
  }

  function end(): HookEvent[] {
    const time = now();
    return all.flatMap((tracked) => (tracked.nextSeq > 0 ? close(tracked, time, 'unknown', false) : []));
  }

  return { handle, end };
}
