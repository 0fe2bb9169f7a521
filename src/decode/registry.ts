/**
 * The decoders by protocol id: what the panel creates per connection, from detection or from the
 * user's choice. Every decoder comes wrapped so that the contract holds whatever the input: bounded
 * work (oversized frames are refused) and never an exception.
 */
import { createGraphQlDecoder } from './graphql';
import { createJsonRpcDecoder } from './json-rpc';
import { createMqttDecoder } from './mqtt';
import { refusal } from './result';
import { createSignalRDecoder } from './signalr';
import { createSocketIoDecoder } from './socket-io';
import { createStompDecoder } from './stomp';
import type { ConnectionContext, FrameDecoder, ProtocolId } from './types';

/** Every protocol, in the order a protocol picker lists them, with the name a user knows it by. */
export const PROTOCOLS: readonly { id: ProtocolId; label: string }[] = [
  { id: 'socket.io', label: 'Socket.IO' },
  { id: 'stomp', label: 'STOMP' },
  { id: 'signalr', label: 'SignalR (JSON)' },
  { id: 'graphql-transport-ws', label: 'GraphQL (graphql-transport-ws)' },
  { id: 'graphql-ws', label: 'GraphQL (subscriptions-transport-ws)' },
  { id: 'json-rpc', label: 'JSON-RPC 2.0' },
  { id: 'mqtt', label: 'MQTT' },
];

export function isProtocolId(x: unknown): x is ProtocolId {
  return PROTOCOLS.some((p) => p.id === x);
}

function createUnguarded(protocol: ProtocolId, context: ConnectionContext): FrameDecoder {
  switch (protocol) {
    case 'socket.io':
      return createSocketIoDecoder(context);
    case 'stomp':
      return createStompDecoder();
    case 'signalr':
      return createSignalRDecoder();
    case 'graphql-transport-ws':
    case 'graphql-ws':
      return createGraphQlDecoder(protocol);
    case 'json-rpc':
      return createJsonRpcDecoder();
    case 'mqtt':
      return createMqttDecoder();
  }
}

/**
 * A new decoder for one connection. It keeps that connection's state (Socket.IO attachments, the
 * STOMP version, MQTT's protocol level and topic aliases, operation and method names by id), so
 * create one per connection, again when the user picks another protocol, and feed it frames in
 * sequence order.
 */
export function createDecoder(protocol: ProtocolId, context: ConnectionContext = {}): FrameDecoder {
  const inner = createUnguarded(protocol, context);
  return {
    protocol,
    decode(frame) {
      const refused = refusal(frame);
      if (refused !== undefined) {
        inner.skip?.(frame);
        return { ok: false, note: refused };
      }
      try {
        return inner.decode(frame);
      } catch (error) {
        // A decoder bug must cost one frame its decoding, never the panel its message list.
        return { ok: false, note: `decoder error: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
  };
}
