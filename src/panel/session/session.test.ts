import { describe, expect, it } from 'vitest';
import type { HookEvent } from '../../shared/protocol';
import { applyEvents } from '../store/apply-events';
import type { Connection } from '../store/connection';
import { create, frame, open, ORIGIN } from '../store/events.fixture';
import { createStore, type Store } from '../store/store';
import { decodedLine } from '../protocol/decoded-summary';
import { createProtocolTracker } from '../protocol/protocol-tracker';
import { entryOf, groupConnections, selectionOf, transportPath } from './grouping';
import { createSessionIndex } from './session-index';
import { engineSessionOfPacket, sessionOfUrl } from './session-key';

const OPEN = '0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const POLL_URL = 'http://demo.test/socket.io/?EIO=4&transport=polling&t=P1';
const WS_URL = 'ws://demo.test/socket.io/?EIO=4&transport=websocket&sid=abc';
const engineIo = { kind: 'poll' as const, api: 'xhr' as const, method: 'GET', framing: 'engine.io' as const };

function storeWith(events: HookEvent[]): Store {
  const store = createStore();
  applyEvents(store, ORIGIN, events);
  return store;
}

/** A Socket.IO session as socket.io-client makes it: a polling channel, then the WebSocket it upgrades to. */
const upgradedSession = (): HookEvent[] => [
  create('poll', { url: POLL_URL, ...engineIo }),
  frame('poll', 1, { dir: 'out', data: '', method: 'GET' }),
  frame('poll', 2, { data: OPEN, status: 200 }),
  frame('poll', 3, { dir: 'out', data: '40/chat,', method: 'POST' }),
  frame('poll', 4, { data: 'ok', status: 200 }),
  frame('poll', 5, { data: '40/chat,{"sid":"s1"}', status: 200 }),
  frame('poll', 6, { dir: 'out', data: '42/chat,0["room:join","x"]', method: 'POST' }),
  create('ws', { url: WS_URL }),
  open('ws', 1),
  frame('ws', 2, { dir: 'out', data: '2probe' }),
  frame('ws', 3, { data: '3probe' }),
  frame('poll', 7, { data: '6', status: 200 }),
  frame('ws', 4, { dir: 'out', data: '5' }),
  frame('ws', 5, { data: '43/chat,0[{"ok":true}]' }),
];

const connection = (over: Partial<Connection>): Connection => ({ ...createStore().connections.value[0], index: 0, ...over }) as Connection;

describe('transport session keys', () => {
  it('finds the Engine.IO sid in a WebSocket’s query and in a polling channel’s open packet, scoped to the endpoint', () => {
    const ws = sessionOfUrl({ kind: 'ws', url: WS_URL });
    expect(ws).toEqual({ family: 'socket.io', key: 'socket.io //demo.test/socket.io/ abc', id: 'abc' });
    // The polling channel's URL names no session: its open packet does.
    expect(sessionOfUrl({ kind: 'poll', url: POLL_URL, http: { ...engineIo } })).toBeNull();
    const poll = engineSessionOfPacket({ url: POLL_URL }, OPEN);
    expect(poll?.key).toBe(ws?.key);
    expect(engineSessionOfPacket({ url: POLL_URL }, '40/chat,{"sid":"abc"}')).toBeNull();
    expect(engineSessionOfPacket({ url: POLL_URL }, '0{"sid":')).toBeNull();
    expect(engineSessionOfPacket({ url: POLL_URL }, `0{"sid":"abc","pad":"${'x'.repeat(5000)}"}`)).toBeNull();
    expect(sessionOfUrl({ kind: 'ws', url: 'ws://other.test/socket.io/?EIO=4&transport=websocket&sid=abc' })?.key).not.toBe(ws?.key);
    expect(sessionOfUrl({ kind: 'ws', url: 'ws://demo.test/socket.io/?EIO=4&transport=websocket' })).toBeNull();
    expect(sessionOfUrl({ kind: 'ws', url: `ws://demo.test/socket.io/?EIO=4&transport=websocket&sid=${'x'.repeat(201)}` })).toBeNull();
    expect(sessionOfUrl({ kind: 'ws', url: 'not a url' })).toBeNull();
    // Ids no library makes: control characters, spaces, bidi overrides.
    for (const sid of ['a%0Ab', 'a%20b', '%E2%80%AEabc']) {
      expect(sessionOfUrl({ kind: 'ws', url: `ws://demo.test/socket.io/?EIO=4&transport=websocket&sid=${sid}` })).toBeNull();
    }
    expect(engineSessionOfPacket({ url: POLL_URL }, '0{"sid":"a\\u0000b","maxPayload":1}')).toBeNull();
  });

  it('finds a SockJS session in the path and a SignalR connection token in the query', () => {
    const sockjs = (kind: 'ws' | 'poll', path: string) =>
      sessionOfUrl({ kind, url: `https://demo.test/stomp${path}`, http: kind === 'poll' ? { api: 'xhr', method: 'POST', framing: 'sockjs' } : undefined })?.key;
    expect(sockjs('poll', '/123/s3ss/xhr')).toBe('sockjs //demo.test/stomp 123/s3ss');
    expect(sockjs('poll', '/123/s3ss/xhr_send')).toBe('sockjs //demo.test/stomp 123/s3ss');
    expect(sockjs('ws', '/123/s3ss/websocket')).toBe('sockjs //demo.test/stomp 123/s3ss');
    expect(sockjs('ws', '/123/s3ss/other')).toBeUndefined();
    const signalr = (kind: 'ws' | 'poll', url: string) =>
      sessionOfUrl({ kind, url, http: kind === 'poll' ? { api: 'fetch', method: 'GET', framing: 'signalr' } : undefined })?.key;
    expect(signalr('poll', 'https://demo.test/hubs/chat?id=tok&_=1')).toBe('signalr //demo.test/hubs/chat tok');
    expect(signalr('ws', 'wss://demo.test/hubs/chat?id=tok')).toBe('signalr //demo.test/hubs/chat tok');
    expect(signalr('poll', 'https://demo.test/signalr/poll?transport=longPolling&connectionToken=t1')).toBe('signalr //demo.test/signalr t1');
    expect(sessionOfUrl({ kind: 'sse', url: 'https://demo.test/hubs/chat?id=tok' })?.key).toBe('signalr //demo.test/hubs/chat tok');
    // A WebSocket elsewhere with an `id` parameter is no SignalR transport.
    expect(signalr('ws', 'wss://demo.test/live?id=1')).toBeUndefined();
  });
});

describe('session grouping', () => {
  it('lists a session’s transports as one entry in its first one’s place; a session seen over one transport stays a connection', () => {
    const a = connection({ id: 'a', index: 0, kind: 'ws' });
    const poll = connection({ id: 'p', index: 1, kind: 'poll' });
    const b = connection({ id: 'b', index: 2, kind: 'ws' });
    const ws = connection({ id: 'w', index: 3, kind: 'ws' });
    const lone = connection({ id: 'l', index: 4, kind: 'ws' });
    const sessions = new Map([
      ['p', { family: 'socket.io' as const, key: 'k', id: 'abc' }],
      ['w', { family: 'socket.io' as const, key: 'k', id: 'abc' }],
      ['l', { family: 'socket.io' as const, key: 'other', id: 'def' }],
    ]);
    const entries = groupConnections([a, poll, b, ws, lone], (c) => sessions.get(c.id) ?? null);
    expect(entries.map((e) => (e.type === 'session' ? `session ${e.transports.map((c) => c.id).join('+')}` : e.connection.id))).toEqual([
      'a',
      'session p+w',
      'b',
      'l',
    ]);
    const session = entries[1]!;
    expect(selectionOf(session).id).toBe('w');
    expect(entryOf(entries, 'p')).toBe(session);
    expect(entryOf(entries, 'w')).toBe(session);
    expect(entryOf(entries, null)).toBeUndefined();
    expect(transportPath([poll, ws])).toBe('POLL→WS');
  });

  it('remembers what a URL says at once, and a polling channel’s session from its open packet only', () => {
    const index = createSessionIndex();
    const poll = connection({ index: 1, kind: 'poll', url: POLL_URL, http: { ...engineIo } });
    expect(index.sessionOf(poll)).toBeNull();
    index.observe(poll, 'out', OPEN);
    expect(index.sessionOf(poll)).toBeNull();
    index.observe(poll, 'in', OPEN);
    expect(index.sessionOf(poll)?.id).toBe('abc');
    // A later open packet (a reconnect over the same channel) does not move it.
    index.observe(poll, 'in', OPEN.replace('abc', 'xyz'));
    expect(index.sessionOf(poll)?.id).toBe('abc');
  });
});

describe('a session over two transports in the protocol tracker', () => {
  it('decodes the polling channel as Socket.IO, marks the upgrade, and pairs an emit over polling with its ack over the WebSocket', () => {
    const store = storeWith(upgradedSession());
    const tracker = createProtocolTracker(store);
    const [pollConn, wsConn] = store.connections.value as [Connection, Connection];
    expect(tracker.decisionOf(pollConn.index)).toEqual({ protocol: 'socket.io', by: 'transport' });
    expect(tracker.sessionOf(pollConn.index)?.key).toBe(tracker.sessionOf(wsConn.index)?.key);
    const ids: number[] = [];
    store.log.forEachRetained((id) => void (store.log.kindAt(id) === 'frame' && ids.push(id)));
    const lines = ids.map((id) => decodedLine(tracker.decodedAt(id)!).text);
    expect(lines).toEqual([
      'poll GET',
      'open sid abc Engine.IO v4',
      'CONNECT /chat',
      'ok: POST received',
      'CONNECT /chat',
      'EVENT room:join /chat ack 0',
      'upgrade probe: ping',
      'upgrade probe: pong',
      'noop',
      'upgrade to WebSocket',
      'ACK /chat ack 0',
    ]);
    const emit = ids[5]!;
    const ack = ids[10]!;
    expect(tracker.linksOf(emit)).toEqual([{ role: 'response', partner: ack }]);
    expect(tracker.linksOf(ack)).toEqual([{ role: 'request', partner: emit }]);
    expect(tracker.scopeKeyOf(pollConn.index)).toBe(tracker.sessionOf(pollConn.index)?.key);
  });

  it('knows a WebSocket the session is upgrading to for Socket.IO before its first frame', () => {
    const store = storeWith([create('ws', { url: WS_URL })]);
    const tracker = createProtocolTracker(store);
    expect(tracker.decisionOf(0)).toEqual({ protocol: 'socket.io', by: 'url' });
  });

  it('keeps two sessions’ ack ids apart, and a lone WebSocket’s scoped to itself', () => {
    const wsTo = (sid: string) => `ws://demo.test/socket.io/?EIO=4&transport=websocket${sid}`;
    const store = storeWith([
      create('a', { url: wsTo('&sid=one') }),
      create('b', { url: wsTo('&sid=two') }),
      create('c', { url: wsTo('') }),
      create('a2', { url: wsTo('&sid=one') }),
      frame('a', 1, { dir: 'out', data: '421["x"]' }),
      frame('b', 1, { data: '431[]' }),
      frame('c', 1, { data: '431[]' }),
      frame('a2', 1, { data: '431[]' }),
    ]);
    const tracker = createProtocolTracker(store);
    const ids: number[] = [];
    store.log.forEachRetained((id) => void (store.log.kindAt(id) === 'frame' && ids.push(id)));
    const [emit, otherSession, lone, sameSession] = ids as [number, number, number, number];
    expect(tracker.linksOf(otherSession)).toEqual([]);
    expect(tracker.linksOf(lone)).toEqual([]);
    expect(tracker.linksOf(sameSession)).toEqual([{ role: 'request', partner: emit }]);
    expect(tracker.scopeKeyOf(2)).toBe('#2');
  });

  it('does not sniff an SSE or multipart stream’s content for a protocol, an NDJSON one’s yes', () => {
    const rpc = '{"jsonrpc":"2.0","method":"tick","params":[1]}';
    const store = storeWith([
      create('sse', { kind: 'stream', url: 'http://demo.test/events', api: 'fetch', method: 'GET', framing: 'sse' }),
      frame('sse', 1, { data: rpc }),
      create('nd', { kind: 'stream', url: 'http://demo.test/lines', api: 'fetch', method: 'GET', framing: 'ndjson' }),
      frame('nd', 1, { data: rpc }),
    ]);
    const tracker = createProtocolTracker(store);
    expect(tracker.decisionOf(0).protocol).toBeNull();
    expect(tracker.decisionOf(1)).toEqual({ protocol: 'json-rpc', by: 'content' });
  });
});
