import { Encoder, PacketType } from 'socket.io-parser';
import { FrameImpl } from '@stomp/stompjs';
import { generate } from 'mqtt-packet';
import { stringifyMessage, MessageType } from 'graphql-ws';
import { HandshakeProtocol } from '@microsoft/signalr/dist/esm/HandshakeProtocol';
import { describe, expect, it } from 'vitest';
import { detectProtocol, protocolOfSubprotocol, protocolOfUrl, sniffProtocol } from './detect';
import { binaryFrame, textFrame } from './frames.fixture';

describe('detectProtocol', () => {
  it('trusts the negotiated sub-protocol first', () => {
    expect(detectProtocol({ url: 'wss://x.test/socket.io/?EIO=4', protocol: 'mqtt' })).toEqual({ protocol: 'mqtt', by: 'subprotocol' });
    expect(protocolOfSubprotocol('v12.stomp')).toBe('stomp');
    expect(protocolOfSubprotocol('graphql-ws')).toBe('graphql-ws');
    expect(protocolOfSubprotocol('graphql-transport-ws')).toBe('graphql-transport-ws');
    expect(protocolOfSubprotocol('mqttv3.1')).toBe('mqtt');
    expect(protocolOfSubprotocol('__proto__')).toBeUndefined();
  });

  it('uses the requested sub-protocols before the server answers, when they agree', () => {
    expect(detectProtocol({ url: 'wss://x.test/', protocols: ['v12.stomp', 'v11.stomp'] })).toEqual({ protocol: 'stomp', by: 'subprotocol' });
    expect(detectProtocol({ url: 'wss://x.test/', protocols: ['v12.stomp', 'mqtt'] })).toBeNull();
    // Open with no sub-protocol: the server declined them all, so the request says nothing.
    expect(detectProtocol({ url: 'wss://x.test/', protocol: '', protocols: ['mqtt'] })).toBeNull();
  });

  it('falls back to the URL', () => {
    expect(protocolOfUrl('wss://chat.test/socket.io/?EIO=4&transport=websocket')).toBe('socket.io');
    expect(protocolOfUrl('wss://app.test/chatHub?id=abc')).toBe('signalr');
    expect(protocolOfUrl('wss://app.test/hubs/notifications?id=abc')).toBe('signalr');
    expect(protocolOfUrl('wss://app.test/gs-guide-websocket/123/abcd1234/websocket')).toBe('stomp');
    expect(protocolOfUrl('wss://app.test/sockjs/info')).toBe('stomp');
    expect(protocolOfUrl('wss://broker.test:8084/mqtt')).toBe('mqtt');
    expect(protocolOfUrl('wss://api.test/graphql')).toBe('graphql-transport-ws');
    expect(protocolOfUrl('wss://socket.io.example/feed')).toBeUndefined();
    expect(detectProtocol({ url: 'wss://api.test/graphql', protocol: '' })).toEqual({ protocol: 'graphql-transport-ws', by: 'url' });
  });

  it('sniffs the first frames last', () => {
    const url = 'wss://x.test/ws';
    const open = textFrame('in', '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
    expect(detectProtocol({ url, protocol: '' }, [open])).toEqual({ protocol: 'socket.io', by: 'content' });
    const event = new Encoder().encode({ type: PacketType.EVENT, nsp: '/', data: ['x'] })[0] as string;
    expect(sniffProtocol([textFrame('out', `4${event}`), open])).toBe('socket.io');

    expect(sniffProtocol([textFrame('out', FrameImpl.marshall({ command: 'CONNECT', headers: { host: 'h' } }) as string)])).toBe('stomp');
    expect(sniffProtocol([textFrame('in', 'o'), textFrame('in', `a${JSON.stringify(['CONNECTED\nversion:1.2\n\n\0'])}`)])).toBe('stomp');
    expect(sniffProtocol([textFrame('out', new HandshakeProtocol().writeHandshakeRequest({ protocol: 'json', version: 1 }))])).toBe('signalr');
    expect(sniffProtocol([textFrame('out', '{"jsonrpc":"2.0","method":"eth_subscribe","id":1}')])).toBe('json-rpc');
    expect(sniffProtocol([binaryFrame('out', generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'c', clean: true, keepalive: 10 }))])).toBe('mqtt');
    expect(sniffProtocol([binaryFrame('out', generate({ cmd: 'connect', protocolId: 'MQIsdp', protocolVersion: 3, clientId: 'c', clean: true, keepalive: 10 }))])).toBe('mqtt');
    // A CONNECT written in pieces, as aedes' own client stream writes packets.
    const connect = generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'c', clean: true, keepalive: 10 });
    expect(sniffProtocol([binaryFrame('out', connect.subarray(0, 1)), binaryFrame('in', new Uint8Array([9])), binaryFrame('out', connect.subarray(1, 2)), binaryFrame('out', connect.subarray(2))])).toBe('mqtt');
  });

  it('tells the two GraphQL dialects apart once a frame shows which', () => {
    const init = textFrame('out', stringifyMessage({ type: MessageType.ConnectionInit }));
    expect(sniffProtocol([init])).toBe('graphql-transport-ws');
    expect(sniffProtocol([init, textFrame('in', '{"type":"connection_ack"}'), textFrame('in', '{"type":"ka"}')])).toBe('graphql-ws');
    expect(sniffProtocol([init, textFrame('out', stringifyMessage({ type: MessageType.Subscribe, id: '1', payload: { query: '{a}' } }))])).toBe('graphql-transport-ws');
  });

  it('finds nothing in plain traffic', () => {
    expect(detectProtocol({ url: 'ws://127.0.0.1:8080/echo', protocol: '' }, [textFrame('out', 'hello'), textFrame('in', '{"tick":1}'), binaryFrame('in', new Uint8Array([1, 2]))])).toBeNull();
  });
});
