/** A small capture as the hook reports it: a WebSocket and an EventSource, interleaved. */
import type { HookEvent } from '../shared/protocol';

const T = 1_747_214_411_250.125;

export const CAPTURE: HookEvent[] = [
  { conn: 'doc1.1', seq: 0, time: T, type: 'create', kind: 'ws', url: 'wss://chat.test/socket?room=1', protocols: ['chat', 'superchat'], withCredentials: false, frameUrl: 'https://app.test/' },
  { conn: 'doc1.2', seq: 0, time: T + 1.5, type: 'create', kind: 'sse', url: 'https://app.test/events', protocols: [], withCredentials: true, frameUrl: 'https://app.test/frame' },
  { conn: 'doc1.1', seq: 1, time: T + 3.25, type: 'open', protocol: 'chat', extensions: 'permessage-deflate' },
  { conn: 'doc1.1', seq: 2, time: T + 10.317, type: 'frame', dir: 'out', via: 'page', opcode: 'text', size: 18, data: '{"hello":"wörld"}', truncated: false },
  { conn: 'doc1.2', seq: 1, time: T + 11.001, type: 'open', protocol: '', extensions: '' },
  { conn: 'doc1.1', seq: 3, time: T + 12.5, type: 'frame', dir: 'in', via: 'page', opcode: 'binary', size: 4, data: 'AAEC/w==', truncated: false },
  { conn: 'doc1.2', seq: 2, time: T + 20.2, type: 'frame', dir: 'in', via: 'page', opcode: 'text', size: 8, data: 'line1\nl2', truncated: false, event: 'tick', lastEventId: '41' },
  { conn: 'doc1.1', seq: 4, time: T + 30.004, type: 'frame', dir: 'out', via: 'panel', opcode: 'text', size: 4, data: 'ping', truncated: false },
  { conn: 'doc1.1', seq: 5, time: T + 31.5, type: 'frame', dir: 'in', via: 'inject', opcode: 'text', size: 9, data: '{"fake":1', truncated: false },
  { conn: 'doc1.1', seq: 6, time: T + 40, type: 'frame', dir: 'in', via: 'page', opcode: 'text', size: 50_000_000, data: 'abc', truncated: true },
  { conn: 'doc1.2', seq: 3, time: T + 45.5, type: 'error', reconnecting: true },
  { conn: 'doc1.2', seq: 4, time: T + 3045.5, type: 'open', protocol: '', extensions: '' },
  { conn: 'doc1.2', seq: 5, time: T + 3046.75, type: 'frame', dir: 'in', via: 'page', opcode: 'text', size: 0, data: '', truncated: false, event: 'message', lastEventId: '' },
  { conn: 'doc1.1', seq: 7, time: T + 5000.5, type: 'close', code: 4001, reason: 'bye', wasClean: true, initiator: 'page' },
  { conn: 'doc1.2', seq: 6, time: T + 6000, type: 'close', code: 0, reason: '', wasClean: true, initiator: 'panel' },
];

const T2 = T + 10_000;

/** Payload fields of a text message as the hook measures it (UTF-8 bytes). */
const text = (data: string) => ({ opcode: 'text' as const, data, size: new TextEncoder().encode(data).length, truncated: false });

/**
 * HTTP connections as the hook reports them: an event stream read through fetch (a POST with a
 * body, an injected event), an NDJSON stream read through XHR (a byte the decoder replaced, a
 * truncated record, aborted by the page), an Engine.IO polling channel (requests and responses
 * crossing, a response cut into two packets, a failed poll) and a URL polled on an interval.
 */
export const HTTP_CAPTURE: HookEvent[] = [
  { conn: 'doc1.3', seq: 0, time: T2 + 40.5, type: 'create', kind: 'stream', url: 'https://llm.test/v1/chat', protocols: [], withCredentials: false, frameUrl: 'https://app.test/', api: 'fetch', method: 'POST', framing: 'sse', requestTime: T2 },
  { conn: 'doc1.3', seq: 1, time: T2 + 40.75, type: 'frame', dir: 'out', via: 'page', ...text('{"prompt":"héllo"}'), method: 'POST' },
  { conn: 'doc1.3', seq: 2, time: T2 + 41, type: 'open', protocol: '', extensions: '', status: 200 },
  { conn: 'doc1.4', seq: 0, time: T2 + 50, type: 'create', kind: 'stream', url: 'https://api.test/feed.ndjson?since=3', protocols: [], withCredentials: false, frameUrl: 'https://app.test/', api: 'xhr', method: 'GET', framing: 'ndjson', requestTime: T2 + 12.25 },
  { conn: 'doc1.4', seq: 1, time: T2 + 50.5, type: 'open', protocol: '', extensions: '', status: 200 },
  { conn: 'doc1.3', seq: 3, time: T2 + 60.125, type: 'frame', dir: 'in', via: 'page', ...text('Hel'), event: 'message', lastEventId: '' },
  { conn: 'doc1.4', seq: 2, time: T2 + 61, type: 'frame', dir: 'in', via: 'page', ...text('{"n":1}') },
  // One invalid byte, which the decoder turned into U+FFFD (three bytes of UTF-8).
  { conn: 'doc1.4', seq: 3, time: T2 + 62, type: 'frame', dir: 'in', via: 'page', opcode: 'text', data: '\uFFFD', size: 1, truncated: false },
  { conn: 'doc1.3', seq: 4, time: T2 + 70, type: 'frame', dir: 'in', via: 'page', ...text('{"delta":"lo"}'), event: 'delta', lastEventId: '7' },
  { conn: 'doc1.3', seq: 5, time: T2 + 71, type: 'frame', dir: 'in', via: 'inject', ...text('fake'), event: 'message', lastEventId: '7' },
  { conn: 'doc1.4', seq: 4, time: T2 + 80, type: 'frame', dir: 'in', via: 'page', opcode: 'text', data: '{"big":"', size: 30_000_000, truncated: true },
  { conn: 'doc1.3', seq: 6, time: T2 + 90, type: 'close', code: 0, reason: '', wasClean: true, initiator: 'server' },
  { conn: 'doc1.4', seq: 5, time: T2 + 95, type: 'close', code: 0, reason: 'The user aborted a request.', wasClean: false, initiator: 'page' },

  { conn: 'doc1.5', seq: 0, time: T2 + 100, type: 'create', kind: 'poll', url: 'https://app.test/socket.io/?EIO=4&transport=polling&t=P1', protocols: [], withCredentials: false, frameUrl: 'https://app.test/', api: 'xhr', method: 'GET', framing: 'engine.io' },
  { conn: 'doc1.5', seq: 1, time: T2 + 100, type: 'open', protocol: '', extensions: '' },
  { conn: 'doc1.5', seq: 2, time: T2 + 100.25, type: 'frame', dir: 'out', via: 'page', ...text(''), method: 'GET' },
  { conn: 'doc1.5', seq: 3, time: T2 + 130, type: 'frame', dir: 'in', via: 'page', ...text('0{"sid":"Ab1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'), status: 200 },
  { conn: 'doc1.5', seq: 4, time: T2 + 131, type: 'frame', dir: 'out', via: 'page', ...text(''), method: 'GET' },
  { conn: 'doc1.5', seq: 5, time: T2 + 132, type: 'frame', dir: 'out', via: 'page', ...text('40'), method: 'POST' },
  { conn: 'doc1.5', seq: 6, time: T2 + 140, type: 'frame', dir: 'in', via: 'page', ...text('ok'), status: 200 },
  { conn: 'doc1.5', seq: 7, time: T2 + 150, type: 'frame', dir: 'in', via: 'page', ...text('40{"sid":"Cd2"}'), status: 200 },
  { conn: 'doc1.5', seq: 8, time: T2 + 150, type: 'frame', dir: 'in', via: 'page', ...text('42["chat","héllo"]'), status: 200 },
  { conn: 'doc1.5', seq: 9, time: T2 + 151, type: 'frame', dir: 'out', via: 'page', ...text(''), method: 'GET' },
  { conn: 'doc1.5', seq: 10, time: T2 + 160, type: 'error', reconnecting: true },
  { conn: 'doc1.5', seq: 11, time: T2 + 170, type: 'frame', dir: 'out', via: 'page', ...text(''), method: 'GET' },
  { conn: 'doc1.5', seq: 12, time: T2 + 171, type: 'frame', dir: 'in', via: 'page', ...text('{"code":1,"message":"Session ID unknown"}'), status: 400 },

  { conn: 'doc1.6', seq: 0, time: T2 + 200, type: 'create', kind: 'poll', url: 'https://app.test/status', protocols: [], withCredentials: false, frameUrl: 'https://app.test/', api: 'fetch', method: 'GET', framing: 'whole', intervalMs: 2000 },
  { conn: 'doc1.6', seq: 1, time: T2 + 200, type: 'open', protocol: '', extensions: '' },
  { conn: 'doc1.6', seq: 2, time: T2 + 200.5, type: 'frame', dir: 'out', via: 'page', ...text(''), method: 'GET' },
  { conn: 'doc1.6', seq: 3, time: T2 + 210, type: 'frame', dir: 'in', via: 'page', opcode: 'binary', data: 'AAEC', size: 3, truncated: false, status: 200 },
  { conn: 'doc1.6', seq: 4, time: T2 + 2200.5, type: 'frame', dir: 'out', via: 'page', ...text(''), method: 'HEAD' },
  { conn: 'doc1.6', seq: 5, time: T2 + 2201, type: 'frame', dir: 'in', via: 'page', ...text(''), status: 304 },
];
