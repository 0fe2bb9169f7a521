import { MessageType, stringifyMessage } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { single, textFrame } from './frames.fixture';
import { operationOf } from './graphql';
import { createDecoder } from './registry';

describe('operationOf', () => {
  it('finds the first operation definition with a bounded scan', () => {
    expect(operationOf('subscription OnMessage($room: ID!) { message(room: $room) { text } }')).toEqual({ type: 'subscription', name: 'OnMessage' });
    expect(operationOf('  # a comment\n  query GetUser { user { name } }')).toEqual({ type: 'query', name: 'GetUser' });
    expect(operationOf('fragment F on User { name }\nmutation Rename { rename { ...F } }')).toEqual({ type: 'mutation', name: 'Rename' });
    expect(operationOf('{ user { name } }')).toEqual({ type: 'query' });
    expect(operationOf('query { search(query: "query Nope") { id } }')).toEqual({ type: 'query' });
    expect(operationOf('not graphql')).toBeUndefined();
  });
});

describe('graphql-transport-ws decoder', () => {
  it('decodes a session and pairs results with their subscribe by operation id', () => {
    const decoder = createDecoder('graphql-transport-ws');
    const init = single(decoder.decode(textFrame('out', stringifyMessage({ type: MessageType.ConnectionInit, payload: { token: 't' } }))));
    expect(init).toMatchObject({ kind: 'connection_init', correlation: { key: 'out:connection', role: 'request' } });
    expect(single(decoder.decode(textFrame('in', stringifyMessage({ type: MessageType.ConnectionAck }))))).toMatchObject({
      correlation: { key: 'out:connection', role: 'response' },
    });

    const subscribe = single(
      decoder.decode(textFrame('out', stringifyMessage({ type: MessageType.Subscribe, id: 'op-1', payload: { query: 'subscription OnTick { tick }' } }))),
    );
    expect(subscribe).toMatchObject({ kind: 'subscribe', name: 'OnTick', id: 'op-1', correlation: { key: 'out:operation:op-1', role: 'request' } });
    expect(subscribe.summary).toBe('subscribe subscription OnTick #op-1');

    const next = single(decoder.decode(textFrame('in', stringifyMessage({ type: MessageType.Next, id: 'op-1', payload: { data: { tick: 1 } } }))));
    // Results carry only the id; the decoder names them after their operation.
    expect(next).toMatchObject({ kind: 'next', name: 'OnTick', payload: { data: { tick: 1 } }, correlation: { key: 'out:operation:op-1', role: 'response' } });
    expect(next.summary).toBe('next OnTick #op-1');

    const error = single(decoder.decode(textFrame('in', stringifyMessage({ type: MessageType.Error, id: 'op-1', payload: [{ message: 'Boom' }] }))));
    expect(error.summary).toBe('error OnTick #op-1 error Boom');
    const complete = single(decoder.decode(textFrame('in', stringifyMessage({ type: MessageType.Complete, id: 'op-1' }))));
    expect(complete.correlation).toEqual({ key: 'out:operation:op-1', role: 'response' });
    // The operation is over: its name is forgotten with it.
    expect(single(decoder.decode(textFrame('in', stringifyMessage({ type: MessageType.Next, id: 'op-1', payload: {} })))).name).toBeUndefined();
  });

  it('prefers operationName, pairs pings, and does not take a client complete for an answer', () => {
    const decoder = createDecoder('graphql-transport-ws');
    const subscribe = single(
      decoder.decode(
        textFrame('out', stringifyMessage({ type: MessageType.Subscribe, id: '2', payload: { query: 'query A { a } query B { b }', operationName: 'B' } })),
      ),
    );
    expect(subscribe.name).toBe('B');
    expect(single(decoder.decode(textFrame('in', stringifyMessage({ type: MessageType.Ping })))).correlation).toEqual({ key: 'in:ping', role: 'request' });
    expect(single(decoder.decode(textFrame('out', stringifyMessage({ type: MessageType.Pong })))).correlation).toEqual({ key: 'in:ping', role: 'response' });
    expect(single(decoder.decode(textFrame('out', stringifyMessage({ type: MessageType.Complete, id: '2' })))).correlation).toBeUndefined();
  });

  it('marks ping and pong as heartbeats, payload or not, and nothing else', () => {
    const decoder = createDecoder('graphql-transport-ws');
    expect(single(decoder.decode(textFrame('out', stringifyMessage({ type: MessageType.Ping, payload: { at: 1 } })))).heartbeat).toBe(true);
    expect(single(decoder.decode(textFrame('in', stringifyMessage({ type: MessageType.Pong })))).heartbeat).toBe(true);
    expect(single(decoder.decode(textFrame('out', stringifyMessage({ type: MessageType.ConnectionInit })))).heartbeat).toBeUndefined();
    expect(single(decoder.decode(textFrame('in', stringifyMessage({ type: MessageType.Next, id: '1', payload: {} })))).heartbeat).toBeUndefined();
  });

  it('says what is not its dialect', () => {
    const decoder = createDecoder('graphql-transport-ws');
    expect(decoder.decode(textFrame('in', '{"type":"ka"}'))).toEqual({ ok: false, note: 'unknown graphql-transport-ws message type: ka' });
    expect(decoder.decode(textFrame('in', '[1]'))).toEqual({ ok: false, note: 'not a JSON object' });
    expect(decoder.decode(textFrame('in', '{"type":"__proto__"}'))).toMatchObject({ ok: false });
  });
});

describe('graphql-ws (subscriptions-transport-ws) decoder', () => {
  // Hand-typed: the legacy protocol's library is not installed (its messages per its PROTOCOL.md).
  it('decodes start, data, ka, stop and complete', () => {
    const decoder = createDecoder('graphql-ws');
    const start = single(decoder.decode(textFrame('out', '{"id":"1","type":"start","payload":{"query":"subscription onComment { comment { id } }","variables":{}}}')));
    expect(start).toMatchObject({ kind: 'start', name: 'onComment', id: '1', correlation: { key: 'out:operation:1', role: 'request' } });
    const data = single(decoder.decode(textFrame('in', '{"id":"1","type":"data","payload":{"data":{"comment":{"id":3}}}}')));
    expect(data).toMatchObject({ kind: 'data', name: 'onComment', correlation: { key: 'out:operation:1', role: 'response' } });
    const withErrors = single(decoder.decode(textFrame('in', '{"id":"1","type":"data","payload":{"data":null,"errors":[{"message":"denied"}]}}')));
    expect(withErrors.summary).toBe('data onComment #1 error denied');
    expect(single(decoder.decode(textFrame('in', '{"type":"ka"}'))).summary).toBe('ka');
    expect(single(decoder.decode(textFrame('out', '{"id":"1","type":"stop"}'))).kind).toBe('stop');
    expect(single(decoder.decode(textFrame('out', '{"type":"connection_terminate"}'))).kind).toBe('connection_terminate');
  });

  it('marks the keep-alive ka as a heartbeat, and nothing else', () => {
    const decoder = createDecoder('graphql-ws');
    expect(single(decoder.decode(textFrame('in', '{"type":"ka"}'))).heartbeat).toBe(true);
    expect(single(decoder.decode(textFrame('in', '{"type":"connection_ack"}'))).heartbeat).toBeUndefined();
    expect(single(decoder.decode(textFrame('in', '{"id":"1","type":"data","payload":{"data":{}}}'))).heartbeat).toBeUndefined();
  });
});
