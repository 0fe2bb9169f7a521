import { JsonHubProtocol, MessageType, NullLogger, type HubMessage } from '@microsoft/signalr';
import { HandshakeProtocol } from '@microsoft/signalr/dist/esm/HandshakeProtocol';
import { TextMessageFormat } from '@microsoft/signalr/dist/esm/TextMessageFormat';
import { describe, expect, it } from 'vitest';
import { decoded, single, textFrame } from './frames.fixture';
import { createDecoder } from './registry';

const protocol = new JsonHubProtocol();
const write = (message: HubMessage): string => protocol.writeMessage(message) as string;

describe('SignalR decoder', () => {
  it('decodes the handshake both ways', () => {
    const decoder = createDecoder('signalr');
    const request = single(decoder.decode(textFrame('out', new HandshakeProtocol().writeHandshakeRequest({ protocol: 'json', version: 1 }))));
    expect(request).toMatchObject({ kind: 'handshake', name: 'json', summary: 'handshake json v1', correlation: { key: 'out:handshake', role: 'request' } });
    const response = single(decoder.decode(textFrame('in', TextMessageFormat.write('{}'))));
    expect(response).toMatchObject({ kind: 'handshake response', summary: 'handshake response ok', correlation: { key: 'out:handshake', role: 'response' } });
    expect(single(decoder.decode(textFrame('in', TextMessageFormat.write('{"error":"Requested protocol \'x\' is not available."}')))).summary).toBe(
      "handshake response error Requested protocol 'x' is not available.",
    );
  });

  it('reads a long-polling channel: records come cut already, a bodiless request is the transport’s own', () => {
    const decoder = createDecoder('signalr');
    expect(single(decoder.decode({ ...textFrame('out', ''), method: 'GET' }))).toMatchObject({ kind: 'transport', summary: 'poll GET', heartbeat: true });
    expect(single(decoder.decode({ ...textFrame('out', ''), method: 'DELETE' })).summary).toBe('DELETE without a body');
    const polled = single(decoder.decode({ ...textFrame('in', '{"type":1,"target":"ReceiveMessage","arguments":["ann","hi"]}'), status: 200 }));
    expect(polled.summary).toBe('invocation ReceiveMessage');
    // A POST carries its records with their separators, as over a WebSocket.
    const sent = decoder.decode({ ...textFrame('out', write({ type: MessageType.Invocation, invocationId: '3', target: 'Send', arguments: [], headers: {} })), method: 'POST' });
    expect(single(sent).summary).toBe('invocation Send #3');
  });

  it('pairs an invocation with its completion by invocation id', () => {
    const decoder = createDecoder('signalr');
    const invocation = single(decoder.decode(textFrame('out', write({ type: MessageType.Invocation, invocationId: '7', target: 'SendMessage', arguments: ['ann', 'hi'], headers: {} }))));
    expect(invocation).toMatchObject({ kind: 'invocation', name: 'SendMessage', id: '7', payload: ['ann', 'hi'], correlation: { key: 'out:invocation:7', role: 'request' } });
    expect(invocation.summary).toBe('invocation SendMessage #7');
    const completion = single(decoder.decode(textFrame('in', write({ type: MessageType.Completion, invocationId: '7', result: 42, headers: {} }))));
    expect(completion).toMatchObject({ kind: 'completion', payload: 42, correlation: { key: 'out:invocation:7', role: 'response' } });
    const failed = single(decoder.decode(textFrame('in', write({ type: MessageType.Completion, invocationId: '8', error: 'boom', headers: {} }))));
    expect(failed.summary).toBe('completion #8 error boom');
  });

  it('reads every record of a frame: stream items, pings, cancel, close', () => {
    const decoder = createDecoder('signalr');
    const frame =
      write({ type: MessageType.StreamInvocation, invocationId: '1', target: 'Counter', arguments: [10], headers: {} }) +
      write({ type: MessageType.StreamItem, invocationId: '1', item: 0, headers: {} }) +
      write({ type: MessageType.CancelInvocation, invocationId: '1', headers: {} }) +
      write({ type: MessageType.Ping }) +
      write({ type: MessageType.Close, error: 'Server shut down', allowReconnect: true });
    const messages = decoded(decoder.decode(textFrame('in', frame)));
    expect(messages.map((m) => m.summary)).toEqual(['stream invocation Counter #1', 'stream item #1', 'cancel invocation #1', 'ping', 'close error Server shut down']);
    expect(messages[1]?.correlation).toEqual({ key: 'out:invocation:1', role: 'response' });
    // A fire-and-forget invocation has nothing to pair with.
    const noReply = single(decoder.decode(textFrame('in', write({ type: MessageType.Invocation, target: 'ReceiveMessage', arguments: ['x'], headers: {} }))));
    expect(noReply.correlation).toBeUndefined();
    void NullLogger;
  });

  it('marks pings as heartbeats, and nothing else', () => {
    const decoder = createDecoder('signalr');
    expect(single(decoder.decode(textFrame('in', write({ type: MessageType.Ping })))).heartbeat).toBe(true);
    expect(single(decoder.decode(textFrame('out', write({ type: MessageType.Ping })))).heartbeat).toBe(true);
    const invocation = single(decoder.decode(textFrame('out', write({ type: MessageType.Invocation, target: 'Ping', arguments: [], headers: {} }))));
    expect(invocation.heartbeat).toBeUndefined();
  });

  it('keeps the records it can read when others are broken', () => {
    const decoder = createDecoder('signalr');
    const result = decoder.decode(textFrame('in', `${write({ type: MessageType.Ping })}{"type":\x1e{"type":6}`));
    expect(result).toMatchObject({ ok: true, note: 'record is not a JSON object (and 1 more)' });
    expect(decoder.decode(textFrame('in', 'plain text'))).toEqual({ ok: false, note: 'record without its separator' });
    expect(decoder.decode({ dir: 'in', opcode: 'binary', data: 'AAE=' })).toEqual({ ok: false, note: 'MessagePack hub protocol: not decoded' });
  });
});
