import { describe, expect, it } from 'vitest';
import { MAX_CAPTURED_PAYLOAD_BYTES } from '../shared/constants';
import type { HookEvent, WorkerSource } from '../shared/protocol';
import { createCdpTranslator } from './cdp-events';

const WORKER: WorkerSource = { kind: 'shared', url: 'https://app.test/hub.js', name: 'hub', startedBy: '' };
const translator = () => createCdpTranslator(WORKER, 'wT', () => 5_000);
const run = (events: [string, object][], t = translator()): HookEvent[] => events.flatMap(([method, params]) => t.handle(method, params));

describe('the debugger’s network events of a watched worker', () => {
  it('make a WebSocket’s lifecycle and frames, timed by the handshake’s wall clock, with running totals', () => {
    const events = run([
      ['Network.webSocketCreated', { requestId: '9.1', url: 'wss://app.test/feed' }],
      ['Network.webSocketWillSendHandshakeRequest', { requestId: '9.1', timestamp: 10, wallTime: 1_700_000_000, request: { headers: { 'Sec-WebSocket-Protocol': 'v2, v1' } } }],
      ['Network.webSocketHandshakeResponseReceived', { requestId: '9.1', timestamp: 10.5, response: { headers: { 'sec-websocket-protocol': 'v2', 'Sec-WebSocket-Extensions': 'permessage-deflate' } } }],
      ['Network.webSocketFrameSent', { requestId: '9.1', timestamp: 11, response: { opcode: 1, payloadData: 'hé' } }],
      ['Network.webSocketFrameReceived', { requestId: '9.1', timestamp: 12, response: { opcode: 2, payloadData: 'AQL/' } }],
      ['Network.webSocketFrameReceived', { requestId: '9.1', timestamp: 12.5, response: { opcode: 9, payloadData: '' } }],
      ['Network.webSocketFrameReceived', { requestId: '9.1', timestamp: 13, response: { opcode: 1, payloadData: 'ok' } }],
      ['Network.webSocketClosed', { requestId: '9.1', timestamp: 14 }],
    ]);
    expect(events).toEqual([
      {
        conn: 'wT.9.1', seq: 0, time: 1_700_000_000_000, type: 'create', kind: 'ws', url: 'wss://app.test/feed', protocols: ['v2', 'v1'],
        withCredentials: false, frameUrl: WORKER.url, worker: { ...WORKER, readOnly: true },
      },
      { conn: 'wT.9.1', seq: 1, time: 1_700_000_000_500, type: 'open', protocol: 'v2', extensions: 'permessage-deflate' },
      {
        conn: 'wT.9.1', seq: 2, time: 1_700_000_001_000, type: 'frame', dir: 'out', via: 'page', opcode: 'text', size: 3, data: 'hé',
        truncated: false, totalMessages: 1, totalBytes: 3,
      },
      {
        conn: 'wT.9.1', seq: 3, time: 1_700_000_002_000, type: 'frame', dir: 'in', via: 'page', opcode: 'binary', size: 3, data: 'AQL/',
        truncated: false, totalMessages: 1, totalBytes: 3,
      },
      expect.objectContaining({ seq: 4, dir: 'in', data: 'ok', totalMessages: 2, totalBytes: 5 }),
      { conn: 'wT.9.1', seq: 5, time: 1_700_000_004_000, type: 'close', code: 0, reason: '', wasClean: true, initiator: 'unknown' },
    ]);
  });

  it('create a socket first heard of by a frame, joined late, and end every open one with the worker', () => {
    const t = translator();
    const events = run([['Network.webSocketFrameReceived', { requestId: '3.7', timestamp: 1, response: { opcode: 1, payloadData: 'tick' } }]], t);
    expect(events.map((e) => e.type)).toEqual(['create', 'open', 'frame']);
    expect(events[0]).toMatchObject({ url: '', worker: { ...WORKER, readOnly: true, joinedLate: true } });
    // No wall clock yet: the time the event arrived.
    expect(events[2]).toMatchObject({ time: 5_000, totalMessages: 1 });
    expect(t.end()).toEqual([{ conn: 'wT.3.7', seq: 3, time: 5_000, type: 'close', code: 0, reason: '', wasClean: false, initiator: 'unknown' }]);
    expect(t.end()).toEqual([]);
  });

  it('make an EventSource one connection across its reconnections, closed by the page when it cancels', () => {
    const request = (requestId: string) => ['Network.requestWillBeSent', { requestId, type: 'EventSource', timestamp: 1, wallTime: 100, request: { url: 'https://app.test/sse' } }] as [string, object];
    const events = run([
      request('1.1'),
      ['Network.responseReceived', { requestId: '1.1', timestamp: 1.1, response: { status: 200 } }],
      ['Network.eventSourceMessageReceived', { requestId: '1.1', timestamp: 1.2, eventName: 'price', eventId: '7', data: 'one' }],
      ['Network.loadingFinished', { requestId: '1.1', timestamp: 2 }],
      request('1.2'),
      ['Network.responseReceived', { requestId: '1.2', timestamp: 3, response: { status: 200 } }],
      ['Network.eventSourceMessageReceived', { requestId: '1.2', timestamp: 3.1, eventName: 'message', eventId: '8', data: 'two' }],
      ['Network.loadingFailed', { requestId: '1.2', timestamp: 4, canceled: true }],
      // Other requests of the worker are not its connections.
      ['Network.requestWillBeSent', { requestId: '1.3', type: 'Fetch', request: { url: 'https://app.test/api' } }],
      ['Network.loadingFinished', { requestId: '1.3', timestamp: 5 }],
    ]);
    expect(events.map((e) => `${e.conn} ${e.seq} ${e.type}`)).toEqual([
      'wT.1.1 0 create', 'wT.1.1 1 open', 'wT.1.1 2 frame', 'wT.1.1 3 error', 'wT.1.1 4 open', 'wT.1.1 5 frame', 'wT.1.1 6 close',
    ]);
    expect(events[2]).toMatchObject({ event: 'price', lastEventId: '7', data: 'one' });
    expect(events[3]).toMatchObject({ reconnecting: true });
    expect(events[6]).toMatchObject({ initiator: 'page' });
  });

  it('cut a frame bigger than the capture limit, keeping its true size', () => {
    const text = 'é'.repeat(MAX_CAPTURED_PAYLOAD_BYTES / 2 + 1);
    const [, , frame] = run([['Network.webSocketFrameSent', { requestId: '1', response: { opcode: 1, payloadData: text } }]]);
    expect(frame).toMatchObject({ size: MAX_CAPTURED_PAYLOAD_BYTES + 2, truncated: true });
    expect((frame as { data: string }).data.length).toBe(MAX_CAPTURED_PAYLOAD_BYTES / 2);
  });

  it('ignore what does not read as an event', () => {
    expect(run([['Network.webSocketFrameSent', { response: { opcode: 1, payloadData: 'x' } }], ['Network.webSocketClosed', { requestId: 'nope' }]])).toEqual([]);
    expect(translator().handle('Network.webSocketCreated', null as unknown as object)).toEqual([]);
  });
});
