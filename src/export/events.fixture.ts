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
