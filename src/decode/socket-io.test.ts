import { encodePacket, encodePayload, type Packet as EnginePacket } from 'engine.io-parser';
import { Encoder, PacketType, type Packet as SocketPacket } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../shared/protocol';
import { binaryFrame, decoded, single, textFrame } from './frames.fixture';
import { createDecoder } from './registry';
import type { DecoderFrame } from './types';

/** What a real client or server puts on the wire for an Engine.IO packet over WebSocket. */
function engineFrame(dir: Direction, packet: EnginePacket): DecoderFrame {
  let frame: DecoderFrame | undefined;
  encodePacket(packet, true, (encoded) => {
    frame = typeof encoded === 'string' ? textFrame(dir, encoded) : binaryFrame(dir, encoded as Uint8Array);
  });
  if (!frame) throw new Error('engine.io-parser did not encode synchronously');
  return frame;
}

/** The frames of one Socket.IO packet: its text message, then one binary frame per attachment. */
function socketFrames(dir: Direction, packet: SocketPacket): DecoderFrame[] {
  return new Encoder().encode(packet).map((part: string | Uint8Array) => engineFrame(dir, { type: 'message', data: part }));
}

describe('Socket.IO decoder', () => {
  it('reads the Engine.IO handshake and tells v4 from its maxPayload', () => {
    const decoder = createDecoder('socket.io');
    const handshake = { sid: 'lv_VI97HAXpY6yYWAAAC', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1e6 };
    const open = single(decoder.decode(engineFrame('in', { type: 'open', data: JSON.stringify(handshake) })));
    expect(open).toMatchObject({ protocol: 'socket.io', kind: 'open', id: handshake.sid, payload: handshake });
    expect(open.summary).toBe('open sid lv_VI97HAXpY6yYWAAAC Engine.IO v4');
  });

  it('pairs a ping with its pong whichever side pings', () => {
    const decoder = createDecoder('socket.io');
    const ping = single(decoder.decode(engineFrame('in', { type: 'ping' })));
    const pong = single(decoder.decode(engineFrame('out', { type: 'pong' })));
    expect(ping.correlation).toEqual({ key: 'in:ping:', role: 'request' });
    expect(pong.correlation).toEqual({ key: 'in:ping:', role: 'response' });
    const probe = single(decoder.decode(engineFrame('out', { type: 'ping', data: 'probe' })));
    expect(probe.summary).toBe('upgrade probe: ping');
    expect(single(decoder.decode(engineFrame('in', { type: 'pong', data: 'probe' }))).correlation).toEqual({ key: 'out:ping:probe', role: 'response' });
    expect(single(decoder.decode(engineFrame('out', { type: 'upgrade' }))).summary).toBe('upgrade to WebSocket');
  });

  it('marks pings and pongs as heartbeats, and nothing else: the upgrade probes are part of the upgrade', () => {
    const decoder = createDecoder('socket.io');
    const heartbeats = ['2', '3', '2probe', '3probe'].map((text) => single(decoder.decode(textFrame('in', text))));
    expect(heartbeats.map((m) => [m.kind, m.heartbeat])).toEqual([['ping', true], ['pong', true], ['ping', undefined], ['pong', undefined]]);
    const [event] = socketFrames('out', { type: PacketType.EVENT, nsp: '/', data: ['ping'] });
    expect(single(decoder.decode(event!)).heartbeat).toBeUndefined();
    expect(single(decoder.decode(engineFrame('out', { type: 'noop' }))).heartbeat).toBeUndefined();
    // A polling payload with a ping among other packets: only the ping is one.
    const payload = decoded(decoder.decode(textFrame('in', `2\x1e42["tick"]`)));
    expect(payload.map((m) => m.heartbeat)).toEqual([true, undefined]);
  });

  it('decodes an event with namespace and ack id, and pairs it with its ACK', () => {
    const decoder = createDecoder('socket.io');
    const [eventFrame] = socketFrames('out', { type: PacketType.EVENT, nsp: '/chat', id: 12, data: ['chat:message', { text: 'hi' }, 2] });
    const event = single(decoder.decode(eventFrame as DecoderFrame));
    expect(event).toMatchObject({
      kind: 'EVENT',
      name: 'chat:message',
      channel: '/chat',
      id: '12',
      payload: [{ text: 'hi' }, 2],
      correlation: { key: 'out:ack:/chat:12', role: 'request' },
    });
    expect(event.summary).toBe('EVENT chat:message /chat ack 12');

    const [ackFrame] = socketFrames('in', { type: PacketType.ACK, nsp: '/chat', id: 12, data: [{ ok: true }] });
    const ack = single(decoder.decode(ackFrame as DecoderFrame));
    expect(ack).toMatchObject({ kind: 'ACK', id: '12', payload: [{ ok: true }], correlation: { key: 'out:ack:/chat:12', role: 'response' } });
    expect(ack.summary).toBe('ACK /chat ack 12');
  });

  it('keeps the two sides’ ack ids apart', () => {
    const decoder = createDecoder('socket.io');
    const [fromServer] = socketFrames('in', { type: PacketType.EVENT, nsp: '/', id: 1, data: ['ask'] });
    const [fromClient] = socketFrames('out', { type: PacketType.EVENT, nsp: '/', id: 1, data: ['ask'] });
    const serverKey = single(decoder.decode(fromServer as DecoderFrame)).correlation?.key;
    const clientKey = single(decoder.decode(fromClient as DecoderFrame)).correlation?.key;
    expect(serverKey).not.toBe(clientKey);
  });

  it('joins binary attachments to their placeholder packet', () => {
    const decoder = createDecoder('socket.io');
    const frames = socketFrames('out', {
      type: PacketType.EVENT,
      nsp: '/files',
      id: 3,
      data: ['upload', new Uint8Array([1, 2, 3]), { thumb: new Uint8Array([9, 9]) }],
    });
    expect(frames).toHaveLength(3);
    const [placeholderFrame, first, second] = frames as [DecoderFrame, DecoderFrame, DecoderFrame];
    const placeholder = single(decoder.decode(placeholderFrame));
    expect(placeholder).toMatchObject({ kind: 'BINARY_EVENT', name: 'upload', channel: '/files', id: '3' });
    expect(placeholder.summary).toBe('BINARY_EVENT upload /files ack 3 +2 binary');

    // An incoming binary frame in between is not one of the outgoing packet's attachments.
    const stray = single(decoder.decode(binaryFrame('in', new Uint8Array([7]))));
    expect(stray.kind).toBe('message');

    const one = single(decoder.decode(first));
    expect(one).toMatchObject({ kind: 'ATTACHMENT', name: 'upload', attachedTo: placeholderFrame.seq, payload: '01 02 03' });
    expect(one.note).toBe('binary attachment 1 of 2 of BINARY_EVENT upload /files ack 3 +2 binary');
    const two = single(decoder.decode(second));
    expect(two).toMatchObject({ kind: 'ATTACHMENT', attachedTo: placeholderFrame.seq, payload: '09 09' });
    expect(two.summary).toBe('ATTACHMENT 2/2 upload 2 bytes');

    // The run is over: the next binary frame is a plain Engine.IO binary message.
    expect(single(decoder.decode(binaryFrame('out', new Uint8Array([5])))).kind).toBe('message');
  });

  it('decodes binary acks, connects and connect errors', () => {
    const decoder = createDecoder('socket.io');
    const [connect] = socketFrames('out', { type: PacketType.CONNECT, nsp: '/admin', data: { token: 't' } });
    expect(single(decoder.decode(connect as DecoderFrame))).toMatchObject({
      kind: 'CONNECT',
      channel: '/admin',
      correlation: { key: 'out:connect:/admin', role: 'request' },
    });
    const [refused] = socketFrames('in', { type: PacketType.CONNECT_ERROR, nsp: '/admin', data: { message: 'not authorized' } });
    const error = single(decoder.decode(refused as DecoderFrame));
    expect(error).toMatchObject({ kind: 'CONNECT_ERROR', correlation: { key: 'out:connect:/admin', role: 'response' } });
    expect(error.summary).toBe('CONNECT_ERROR /admin not authorized');

    const [binaryAck, attachment] = socketFrames('in', { type: PacketType.ACK, nsp: '/', id: 4, data: [new Uint8Array([1])] });
    expect(single(decoder.decode(binaryAck as DecoderFrame)).summary).toBe('BINARY_ACK / ack 4 +1 binary');
    expect(single(decoder.decode(attachment as DecoderFrame)).kind).toBe('ATTACHMENT');
  });

  it('reads several packets of a polling payload', () => {
    const decoder = createDecoder('socket.io');
    let payload = '';
    encodePayload([{ type: 'message', data: '2["a"]' }, { type: 'message', data: '2["b",1]' }, { type: 'noop' }], (encoded) => {
      payload = encoded;
    });
    expect(decoded(decoder.decode(textFrame('in', payload))).map((m) => m.summary)).toEqual(['EVENT a', 'EVENT b', 'noop']);
  });

  it('reads a polling channel: an empty GET and a POST’s ok are the transport’s, an error status its JSON error', () => {
    const decoder = createDecoder('socket.io', { url: 'https://example.test/socket.io/?EIO=4&transport=polling' });
    const get = single(decoder.decode({ ...textFrame('out', ''), method: 'GET' }));
    expect(get).toMatchObject({ kind: 'transport', summary: 'poll GET', heartbeat: true });
    const posted = decoded(decoder.decode({ ...textFrame('out', '40/chat,\x1e42/chat,0["room:join","x"]'), method: 'POST' }));
    expect(posted.map((m) => m.summary)).toEqual(['CONNECT /chat', 'EVENT room:join /chat ack 0']);
    expect(single(decoder.decode({ ...textFrame('in', 'ok'), status: 200 }))).toMatchObject({ kind: 'transport', summary: 'ok: POST received', heartbeat: true });
    expect(single(decoder.decode({ ...textFrame('in', '43/chat,0["ok"]'), status: 200 })).summary).toBe('ACK /chat ack 0');
    const error = single(decoder.decode({ ...textFrame('in', '{"code":1,"message":"Session ID unknown"}'), status: 400 }));
    expect(error).toMatchObject({ kind: 'transport', summary: 'HTTP 400 Session ID unknown' });
    expect(single(decoder.decode({ ...textFrame('in', 'x'.repeat(10_000)), status: 502 })).summary).toBe('HTTP 502');
    // Over a WebSocket `ok` is no packet.
    expect(decoder.decode(textFrame('in', 'ok')).ok).toBe(false);
  });

  it('reads an Engine.IO v3 polling request’s length-prefixed packets (the responses come split already)', () => {
    const decoder = createDecoder('socket.io', { url: 'https://example.test/socket.io/?EIO=3&transport=polling' });
    const posted = decoded(decoder.decode({ ...textFrame('out', '19:42["é",{"a":"b"},1]2:40'), method: 'POST' }));
    expect(posted.map((m) => m.summary)).toEqual(['EVENT é', 'CONNECT /']);
    // A body that is not a v3 payload is read as packets as they are.
    expect(single(decoder.decode({ ...textFrame('out', '42["x"]'), method: 'POST' })).summary).toBe('EVENT x');
    expect(single(decoder.decode({ ...textFrame('in', '0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}'), status: 200 })).summary).toBe(
      'open sid abc Engine.IO v3',
    );
  });

  it('understands Engine.IO v3 and Socket.IO v2 (hand-typed: no installed library speaks them)', () => {
    const decoder = createDecoder('socket.io', { url: 'wss://example.test/socket.io/?EIO=3&transport=websocket' });
    expect(single(decoder.decode(textFrame('in', '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":5000}'))).summary).toBe(
      'open sid abc Engine.IO v3',
    );
    expect(single(decoder.decode(textFrame('in', '40'))).kind).toBe('CONNECT');
    expect(single(decoder.decode(textFrame('in', '44"Not authorized"'))).summary).toBe('CONNECT_ERROR / Not authorized');
    single(decoder.decode(textFrame('out', '451-["up",{"_placeholder":true,"num":0}]')));
    // v3 prefixes binary frames with the message type byte 4.
    const attachment = single(decoder.decode(binaryFrame('out', new Uint8Array([4, 0xca, 0xfe]))));
    expect(attachment).toMatchObject({ kind: 'ATTACHMENT', payload: 'ca fe' });
  });

  it('tells v3 from the handshake when the URL does not say', () => {
    const decoder = createDecoder('socket.io', { url: 'wss://example.test/realtime' });
    expect(single(decoder.decode(textFrame('in', '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":5000}'))).summary).toContain('v3');
  });

  it('reports what it cannot parse instead of throwing', () => {
    const decoder = createDecoder('socket.io');
    expect(decoder.decode(textFrame('in', 'hello'))).toEqual({ ok: false, note: 'not an Engine.IO packet' });
    expect(decoder.decode(textFrame('in', '42["x"'))).toEqual({ ok: false, note: 'EVENT with invalid JSON' });
    expect(decoder.decode(textFrame('in', '45["x"]'))).toEqual({ ok: false, note: 'binary packet without an attachment count' });
    expect(decoder.decode({ ...textFrame('in', '42["x", {"a"'), truncated: true })).toEqual({
      ok: false,
      note: 'EVENT with invalid JSON (the frame was truncated)',
    });
  });
});
