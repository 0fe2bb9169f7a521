import { FrameImpl } from '@stomp/stompjs';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../shared/protocol';
import { binaryFrame, decoded, single, textFrame } from './frames.fixture';
import { createDecoder } from './registry';
import type { DecoderFrame } from './types';

type MarshallParams = Parameters<typeof FrameImpl.marshall>[0];

/** A STOMP frame as @stomp/stompjs serializes it for the WebSocket (text, or bytes for binary bodies). */
function stompFrame(dir: Direction, params: MarshallParams): DecoderFrame {
  const wire = FrameImpl.marshall({ escapeHeaderValues: true, ...params });
  return typeof wire === 'string' ? textFrame(dir, wire) : binaryFrame(dir, wire);
}

const wire = (params: MarshallParams): string => FrameImpl.marshall({ escapeHeaderValues: true, ...params }) as string;

describe('STOMP decoder', () => {
  it('decodes a session: CONNECT, CONNECTED, SUBSCRIBE, SEND, MESSAGE, RECEIPT', () => {
    const decoder = createDecoder('stomp');
    const connect = single(
      decoder.decode(stompFrame('out', { command: 'CONNECT', headers: { 'accept-version': '1.2,1.1,1.0', host: 'broker', 'heart-beat': '10000,10000' }, escapeHeaderValues: false })),
    );
    expect(connect).toMatchObject({ protocol: 'stomp', kind: 'CONNECT', correlation: { key: 'out:connect', role: 'request' } });
    expect(connect.summary).toBe('CONNECT broker');
    const connected = single(decoder.decode(stompFrame('in', { command: 'CONNECTED', headers: { version: '1.2', 'heart-beat': '0,0' }, escapeHeaderValues: false })));
    expect(connected).toMatchObject({ summary: 'CONNECTED v1.2', correlation: { key: 'out:connect', role: 'response' } });

    const subscribe = single(decoder.decode(stompFrame('out', { command: 'SUBSCRIBE', headers: { id: 'sub-0', destination: '/topic/chat' } })));
    expect(subscribe).toMatchObject({ kind: 'SUBSCRIBE', name: '/topic/chat', channel: '/topic/chat', id: 'sub-0' });
    expect(subscribe.summary).toBe('SUBSCRIBE /topic/chat #sub-0');

    const send = single(
      decoder.decode(stompFrame('out', { command: 'SEND', headers: { destination: '/queue/a:b\nc', receipt: 'r-1', 'content-type': 'application/json' }, body: '{"text":"héllo"}' })),
    );
    // 1.2 header escaping undone: `\c` is a colon, `\n` a line feed.
    expect(send).toMatchObject({ kind: 'SEND', name: '/queue/a:b\nc', id: 'r-1', correlation: { key: 'out:receipt:r-1', role: 'request' } });
    expect(send.summary).toBe('SEND /queue/a:b c #r-1');
    expect(send.payload).toMatchObject({ body: '{"text":"héllo"}', headers: { 'content-length': '17' } });

    const receipt = single(decoder.decode(stompFrame('in', { command: 'RECEIPT', headers: { 'receipt-id': 'r-1' } })));
    expect(receipt).toMatchObject({ kind: 'RECEIPT', id: 'r-1', correlation: { key: 'out:receipt:r-1', role: 'response' } });

    const message = single(
      decoder.decode(stompFrame('in', { command: 'MESSAGE', headers: { destination: '/topic/chat', subscription: 'sub-0', 'message-id': 'm-7' }, body: 'hi' })),
    );
    expect(message).toMatchObject({ kind: 'MESSAGE', id: 'm-7', summary: 'MESSAGE /topic/chat sub sub-0' });
  });

  it('reads several frames and heart-beats in one WebSocket message', () => {
    const decoder = createDecoder('stomp');
    expect(single(decoder.decode(textFrame('in', '\n'))).kind).toBe('heart-beat');
    expect(single(decoder.decode(textFrame('in', '\r\n'))).summary).toBe('heart-beat');
    const two = wire({ command: 'SEND', headers: { destination: '/a' }, body: 'x' }) + '\n' + wire({ command: 'SEND', headers: { destination: '/b' }, body: 'y' });
    expect(decoded(decoder.decode(textFrame('out', two))).map((m) => m.name)).toEqual(['/a', '/b']);
  });

  it('marks heart-beats, bare or in SockJS framing, as heartbeats, and frames as not', () => {
    const decoder = createDecoder('stomp');
    expect(single(decoder.decode(textFrame('in', '\n'))).heartbeat).toBe(true);
    expect(single(decoder.decode(textFrame('out', '\r\n'))).heartbeat).toBe(true);
    expect(single(decoder.decode(textFrame('in', 'h'))).heartbeat).toBe(true);
    expect(single(decoder.decode(textFrame('in', 'o'))).heartbeat).toBeUndefined();
    const send = single(decoder.decode(stompFrame('out', { command: 'SEND', headers: { destination: '/a' }, body: '\n' })));
    expect(send.heartbeat).toBeUndefined();
  });

  it('decodes binary bodies from binary frames', () => {
    const decoder = createDecoder('stomp');
    const text = single(decoder.decode(stompFrame('out', { command: 'SEND', headers: { destination: '/bin' }, binaryBody: new TextEncoder().encode('plain') })));
    expect(text.payload).toMatchObject({ body: 'plain' });
    const bytes = single(decoder.decode(stompFrame('out', { command: 'SEND', headers: { destination: '/bin' }, binaryBody: new Uint8Array([0, 0xff, 2]) })));
    expect(bytes).toMatchObject({ name: '/bin', payload: { body: '00 ff 02' } });
  });

  it('keeps headers raw for STOMP 1.0, which has no escaping', () => {
    const decoder = createDecoder('stomp');
    single(decoder.decode(stompFrame('in', { command: 'CONNECTED', headers: { version: '1.0' }, escapeHeaderValues: false })));
    const message = single(decoder.decode(textFrame('in', 'MESSAGE\ndestination:/a\\cb\n\nbody\0')));
    expect(message.name).toBe('/a\\cb');
  });

  it('reads STOMP inside SockJS framing', () => {
    const decoder = createDecoder('stomp');
    expect(single(decoder.decode(textFrame('in', 'o'))).kind).toBe('SockJS open');
    expect(single(decoder.decode(textFrame('in', 'h'))).kind).toBe('SockJS heartbeat');
    // sockjs-client sends a JSON array of messages; the server answers `a[...]`.
    const out = single(decoder.decode(textFrame('out', JSON.stringify([wire({ command: 'SEND', headers: { destination: '/app/hello' }, body: '{"name":"x"}' })]))));
    expect(out).toMatchObject({ kind: 'SEND', name: '/app/hello', note: 'in a SockJS frame' });
    const batch = 'a' + JSON.stringify([wire({ command: 'MESSAGE', headers: { destination: '/topic/1', 'message-id': '1', subscription: 's' }, body: 'a' }), '\n']);
    expect(decoded(decoder.decode(textFrame('in', batch))).map((m) => m.kind)).toEqual(['MESSAGE', 'heart-beat']);
    expect(single(decoder.decode(textFrame('in', 'c[3000,"Go away!"]'))).summary).toBe('SockJS close 3000 Go away!');
  });

  it('reads SockJS’s xhr polling: the bodiless POST that polls is the transport’s', () => {
    const decoder = createDecoder('stomp');
    expect(single(decoder.decode({ ...textFrame('out', ''), method: 'POST' }))).toMatchObject({ kind: 'transport', summary: 'poll POST', heartbeat: true });
    expect(single(decoder.decode({ ...textFrame('in', 'o'), status: 200 })).kind).toBe('SockJS open');
  });

  it('falls back with a note on what is not STOMP', () => {
    expect(createDecoder('stomp').decode(textFrame('in', 'HELLO\n\n\0'))).toEqual({ ok: false, note: 'not a STOMP command: HELLO' });
    expect(createDecoder('stomp').decode(textFrame('in', 'hello'))).toEqual({ ok: false, note: 'not a STOMP command: hello' });
    expect(createDecoder('stomp').decode(textFrame('in', 'SEND\ncontent-length:1\n\nab\0'))).toEqual({ ok: false, note: 'SEND frame without its NUL terminator' });
  });
});

describe('STOMP frames across WebSocket messages', () => {
  const send = wire({ command: 'SEND', headers: { destination: '/queue/é', receipt: 'r-9' }, body: '{"text":"héllo wörld"}' });
  const message = wire({ command: 'MESSAGE', headers: { destination: '/topic/t', 'message-id': '5', subscription: 's' }, body: 'x'.repeat(40) });
  const withoutLength = 'SEND\ndestination:/plain\n\nno length here\0\n';

  it('decodes a frame alike whichever character a message ends at', () => {
    for (const stream of [send + message, withoutLength + send]) {
      const whole = decoded(createDecoder('stomp').decode(textFrame('out', stream))).map((m) => m.summary);
      for (let cut = 1; cut < stream.length; cut++) {
        const decoder = createDecoder('stomp');
        const first = decoder.decode(textFrame('out', stream.slice(0, cut)));
        const second = decoder.decode(textFrame('out', stream.slice(cut)));
        const messages = [first, second].flatMap((r) => (r.ok ? r.messages : []));
        expect(messages.map((m) => m.summary)).toEqual(whole);
        expect(first.ok).toBe(true);
      }
    }
  });

  it('reassembles a frame stomp.js 2.x sent in 16 KiB messages, naming them, and pairs its receipt', () => {
    const decoder = createDecoder('stomp');
    const big = wire({ command: 'SEND', headers: { destination: '/queue/big', receipt: 'r-1' }, body: 'y'.repeat(40_000) });
    const parts = [big.slice(0, 16_384), big.slice(16_384, 32_768), big.slice(32_768)].map((p) => textFrame('out', p));
    expect(decoder.decode(parts[0]!)).toMatchObject({ ok: true, messages: [], fragment: { kind: 'SEND', starts: true, received: 16_384 } });
    expect(decoder.decode(parts[1]!)).toMatchObject({ ok: true, messages: [], fragment: { kind: 'SEND', starts: false, received: 32_768 } });
    const done = single(decoder.decode(parts[2]!));
    expect(done).toMatchObject({ kind: 'SEND', name: '/queue/big', frames: parts.map((p) => p.seq), correlation: { key: 'out:receipt:r-1', role: 'request' } });
    expect(single(decoder.decode(stompFrame('in', { command: 'RECEIPT', headers: { 'receipt-id': 'r-1' } }))).correlation).toEqual({ key: 'out:receipt:r-1', role: 'response' });
  });

  it('reassembles across SockJS messages', () => {
    const decoder = createDecoder('stomp');
    const first = textFrame('in', 'a' + JSON.stringify([message.slice(0, 20)]));
    expect(decoder.decode(first)).toMatchObject({ ok: true, messages: [], fragment: { kind: 'MESSAGE' } });
    const rest = textFrame('in', 'a' + JSON.stringify([message.slice(20), '\n']));
    expect(decoded(decoder.decode(rest)).map((m) => [m.kind, m.frames, m.note])).toEqual([
      ['MESSAGE', [first.seq, rest.seq], 'in a SockJS frame'],
      ['heart-beat', undefined, 'in a SockJS frame'],
    ]);
  });

  it('gives up on a frame that never ends at the limit, and reads the next message afresh', () => {
    const decoder = createDecoder('stomp');
    decoder.decode(textFrame('out', 'SEND\ndestination:/a\n\n'));
    let dropped: string | undefined;
    for (let i = 0; i < 20 && !dropped; i++) {
      const result = decoder.decode(textFrame('out', 'z'.repeat(64 * 1024)));
      if (!result.ok) dropped = result.note;
    }
    expect(dropped).toBe('SEND runs past 1048576 bytes without ending: dropped');
    expect(single(decoder.decode(textFrame('out', send))).name).toBe('/queue/é');
  });
});
