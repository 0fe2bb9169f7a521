import { Encoder, PacketType } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import type { HookEvent } from '../../shared/protocol';
import { applyEvents } from '../store/apply-events';
import { create, frame, open, ORIGIN } from '../store/events.fixture';
import { createStore, type Store } from '../store/store';
import { createProtocolTracker } from './protocol-tracker';
import { decodedLine, searchableText } from './decoded-summary';

/** Engine.IO `message` packets around what socket.io-parser writes, as a socket.io-client sends them. */
function socketIoFrames(packet: Parameters<Encoder['encode']>[0]): string[] {
  return new Encoder().encode(packet).map((part) => `4${String(part)}`);
}

function storeWith(events: Parameters<typeof applyEvents>[2]): Store {
  const store = createStore();
  applyEvents(store, ORIGIN, events);
  return store;
}

/** Message ids of the log in order, frames only. */
function frameIds(store: Store): number[] {
  const ids: number[] = [];
  store.log.forEachRetained((id) => {
    if (store.log.kindAt(id) === 'frame') ids.push(id);
  });
  return ids;
}

const summaryOf = (tracker: ReturnType<typeof createProtocolTracker>, id: number): string | undefined => {
  const result = tracker.decodedAt(id);
  return result ? decodedLine(result).text : undefined;
};

describe('protocol tracker', () => {
  it('detects Socket.IO from the URL, decodes in order and pairs an event with its ack', () => {
    const [event] = socketIoFrames({ type: PacketType.EVENT, nsp: '/chat', data: ['chat:message', { room: 'lobby', text: 'hi' }], id: 12 });
    const [ack] = socketIoFrames({ type: PacketType.ACK, nsp: '/chat', data: [{ id: 1, time: 5 }], id: 12 });
    const store = storeWith([
      create('sio', { url: 'ws://demo.test/socket.io/?EIO=4&transport=websocket' }),
      open('sio', 1),
      frame('sio', 2, { data: '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}' }),
      frame('sio', 3, { dir: 'out', data: event! }),
      frame('sio', 4, { data: ack! }),
    ]);
    const tracker = createProtocolTracker(store);
    const [handshake, sent, answer] = frameIds(store) as [number, number, number];
    expect(summaryOf(tracker, handshake)).toBe('open sid abc Engine.IO v4');
    expect(summaryOf(tracker, sent)).toBe('EVENT chat:message /chat ack 12');
    expect(summaryOf(tracker, answer)).toBe('ACK /chat ack 12');
    expect(tracker.linksOf(sent)).toEqual([{ role: 'response', partner: answer }]);
    expect(tracker.linksOf(answer)).toEqual([{ role: 'request', partner: sent }]);
    expect(tracker.decisionOf(store.log.get(sent).connIndex)).toEqual({ protocol: 'socket.io', by: 'url' });
    expect(searchableText(tracker.decodedAt(sent)!)).toContain('chat:message');
  });

  it('keeps up with frames appended later, one batch at a time', () => {
    const store = storeWith([create('rpc', { protocols: ['jsonrpc'] }), open('rpc', 1, { protocol: 'jsonrpc' })]);
    const tracker = createProtocolTracker(store);
    applyEvents(store, ORIGIN, [frame('rpc', 2, { dir: 'out', data: '{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":7}' })]);
    const [request] = frameIds(store) as [number];
    expect(summaryOf(tracker, request)).toBe('request sum #7');
    applyEvents(store, ORIGIN, [frame('rpc', 3, { data: '{"jsonrpc":"2.0","result":3,"id":7}' })]);
    const response = frameIds(store)[1]!;
    expect(summaryOf(tracker, response)).toBe('result sum #7');
    expect(tracker.linksOf(request)).toEqual([{ role: 'response', partner: response }]);
  });

  it('decodes in order the frames a flood pinned before it read them', () => {
    const store = createStore({ maxMessages: 4 });
    applyEvents(store, ORIGIN, [create('rpc', { protocols: ['jsonrpc'] }), open('rpc', 1, { protocol: 'jsonrpc' })]);
    const tracker = createProtocolTracker(store);
    applyEvents(store, ORIGIN, [
      frame('rpc', 2, { dir: 'out', data: '{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":7}' }),
      create('loud'),
      ...[1, 2, 3, 4].map((s) => frame('loud', s)),
      frame('rpc', 3, { data: '{"jsonrpc":"2.0","result":3,"id":7}' }),
    ]);
    const [request] = store.log.pinnedIds() as [number];
    expect(store.log.get(request).seq).toBe(2);
    const response = store.log.endId - 1;
    // The response is named after its request only if the request was decoded first.
    expect(summaryOf(tracker, response)).toBe('result sum #7');
    expect(tracker.linksOf(request)).toEqual([{ role: 'response', partner: response }]);
  });

  it('detects by content and decodes the frames it read before it knew', () => {
    const store = storeWith([
      create('plain', { url: 'wss://api.test/ws' }),
      open('plain', 1),
      frame('plain', 2, { dir: 'out', data: '{"type":"connection_init"}' }),
      frame('plain', 3, { data: '{"type":"connection_ack"}' }),
      frame('plain', 4, { dir: 'out', data: '{"id":"1","type":"start","payload":{"query":"subscription OnTick { tick }"}}' }),
      frame('plain', 5, { data: '{"id":"1","type":"data","payload":{"data":{"tick":1}}}' }),
    ]);
    const tracker = createProtocolTracker(store);
    const ids = frameIds(store);
    // connection_init reads as graphql-transport-ws until `start` shows the legacy dialect.
    expect(ids.map((id) => summaryOf(tracker, id))).toEqual([
      'connection_init',
      'connection_ack',
      'start subscription OnTick #1',
      'data OnTick #1',
    ]);
    expect(tracker.decisionOf(store.log.get(ids[0]!).connIndex)).toEqual({ protocol: 'graphql-ws', by: 'content' });
    expect(tracker.linksOf(ids[2]!)).toEqual([{ role: 'response', partner: ids[3] }]);
  });

  it('follows the user: none shows raw, a protocol decodes every retained frame again, auto detects again', () => {
    const store = storeWith([create('x', { url: 'wss://api.test/ws' }), open('x', 1), frame('x', 2, { data: '{"jsonrpc":"2.0","method":"tick"}' })]);
    const tracker = createProtocolTracker(store);
    const [id] = frameIds(store) as [number];
    const connIndex = store.log.get(id).connIndex;
    expect(summaryOf(tracker, id)).toBe('notification tick');

    tracker.setChoice(connIndex, 'none');
    expect(tracker.decodedAt(id)).toBeNull();
    expect(tracker.choices.value.get(connIndex)).toBe('none');

    tracker.setChoice(connIndex, 'stomp');
    expect(tracker.decodedAt(id)).toEqual({ ok: false, note: expect.stringContaining('STOMP') });
    expect(decodedLine(tracker.decodedAt(id)!).raw).toBe(true);

    tracker.setChoice(connIndex, 'auto');
    expect(summaryOf(tracker, id)).toBe('notification tick');
    expect(tracker.choices.value.has(connIndex)).toBe(false);
  });

  it('leaves EventSource streams and unknown traffic alone', () => {
    const store = storeWith([
      create('sse', { kind: 'sse', url: 'https://app.test/socket.io/' }),
      open('sse', 1),
      frame('sse', 2, { data: '{"jsonrpc":"2.0","method":"x"}', event: 'message', lastEventId: '' }),
      create('ws'),
      open('ws', 1),
      frame('ws', 2, { data: 'hello' }),
    ]);
    const tracker = createProtocolTracker(store);
    for (const id of frameIds(store)) expect(tracker.decodedAt(id)).toBeNull();
  });

  it('bounds what it keeps, and decodes an older frame again on its own when asked', () => {
    const events: HookEvent[] = [create('rpc', { protocols: ['jsonrpc'] }), open('rpc', 1, { protocol: 'jsonrpc' })];
    for (let i = 0; i < 2_500; i++) events.push(frame('rpc', i + 2, { data: `{"jsonrpc":"2.0","method":"m${i}"}` }));
    const store = storeWith(events);
    const tracker = createProtocolTracker(store);
    const ids = frameIds(store);
    expect(summaryOf(tracker, ids.at(-1)!)).toBe('notification m2499');
    expect(summaryOf(tracker, ids[0]!)).toBe('notification m0');
  });

  it('tells heartbeat frames: every message of them a heartbeat', () => {
    const store = storeWith([
      create('sio', { url: 'ws://demo.test/socket.io/?EIO=4&transport=websocket' }),
      open('sio', 1),
      frame('sio', 2, { data: '2' }),
      frame('sio', 3, { dir: 'out', data: '3' }),
      frame('sio', 4, { data: '42/chat,["tick"]' }),
      frame('sio', 5, { data: '2\x1e42/chat,["tick"]' }),
      frame('sio', 6, { data: '2\x1e2' }),
      create('plain'),
      open('plain', 1),
      frame('plain', 2, { data: '2' }),
    ]);
    const tracker = createProtocolTracker(store);
    expect(frameIds(store).map((id) => tracker.isHeartbeat(id))).toEqual([true, true, false, false, true, false]);
    // Lifecycle rows and ids never in the log are not heartbeats either.
    expect(tracker.isHeartbeat(store.log.firstId)).toBe(false);
    expect(tracker.isHeartbeat(store.log.endId)).toBe(false);
  });

  it('tells heartbeats of frames long out of the decode cache, and follows the user’s protocol choice', () => {
    const events: HookEvent[] = [create('sio', { url: 'ws://demo.test/socket.io/?EIO=4&transport=websocket' }), open('sio', 1)];
    for (let i = 0; i < 2_500; i++) events.push(frame('sio', i + 2, { data: i % 2 === 0 ? '2' : '42["tick"]' }));
    const store = storeWith(events);
    const tracker = createProtocolTracker(store);
    const ids = frameIds(store);
    expect(tracker.isHeartbeat(ids.at(-2)!)).toBe(true);
    expect(tracker.isHeartbeat(ids[0]!)).toBe(true);
    expect(tracker.isHeartbeat(ids[1]!)).toBe(false);
    const connIndex = store.log.get(ids[0]!).connIndex;

    tracker.setChoice(connIndex, 'none');
    expect(ids.some((id) => tracker.isHeartbeat(id))).toBe(false);
    tracker.setChoice(connIndex, 'auto');
    expect(ids.filter((id) => tracker.isHeartbeat(id))).toHaveLength(1_250);
  });

  it('calls no evicted frame a heartbeat, however many the budget evicted', () => {
    const store = createStore({ maxMessages: 100 });
    applyEvents(store, ORIGIN, [create('sio', { url: 'ws://demo.test/socket.io/?EIO=4' }), open('sio', 1)]);
    const tracker = createProtocolTracker(store);
    const first = store.log.endId;
    for (let batch = 0; batch < 100; batch++) {
      applyEvents(store, ORIGIN, Array.from({ length: 100 }, (_, i) => frame('sio', 2 + batch * 100 + i, { data: '3' })));
      tracker.isHeartbeat(store.log.endId - 1);
    }
    expect(tracker.isHeartbeat(first)).toBe(false);
    expect(tracker.isHeartbeat(store.log.endId - 1)).toBe(true);
  });
});
