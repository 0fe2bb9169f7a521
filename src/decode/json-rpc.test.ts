import { describe, expect, it } from 'vitest';
import { decoded, single, textFrame } from './frames.fixture';
import { createDecoder } from './registry';

// Hand-typed: JSON-RPC has no library among the dev dependencies; frames follow the spec's examples.
describe('JSON-RPC decoder', () => {
  it('pairs a request with its result and names the result after the method', () => {
    const decoder = createDecoder('json-rpc');
    const request = single(decoder.decode(textFrame('out', '{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}')));
    expect(request).toMatchObject({ kind: 'request', name: 'subtract', id: '1', payload: [42, 23], correlation: { key: 'out:1', role: 'request' } });
    expect(request.summary).toBe('request subtract #1');
    const result = single(decoder.decode(textFrame('in', '{"jsonrpc":"2.0","result":19,"id":1}')));
    expect(result).toMatchObject({ kind: 'result', name: 'subtract', payload: 19, correlation: { key: 'out:1', role: 'response' } });
    expect(result.summary).toBe('result subtract #1');
  });

  it('tells string ids from numeric ones and the two sides apart', () => {
    const decoder = createDecoder('json-rpc');
    const numeric = single(decoder.decode(textFrame('out', '{"jsonrpc":"2.0","method":"a","id":1}')));
    const text = single(decoder.decode(textFrame('out', '{"jsonrpc":"2.0","method":"a","id":"1"}')));
    const fromServer = single(decoder.decode(textFrame('in', '{"jsonrpc":"2.0","method":"a","id":1}')));
    expect(new Set([numeric.correlation?.key, text.correlation?.key, fromServer.correlation?.key]).size).toBe(3);
  });

  it('decodes notifications, errors and batches', () => {
    const decoder = createDecoder('json-rpc');
    expect(single(decoder.decode(textFrame('in', '{"jsonrpc":"2.0","method":"update","params":[1,2,3]}')))).toMatchObject({
      kind: 'notification',
      name: 'update',
      summary: 'notification update',
    });
    single(decoder.decode(textFrame('out', '{"jsonrpc":"2.0","method":"foobar","id":"1"}')));
    const error = single(decoder.decode(textFrame('in', '{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"1"}')));
    expect(error.summary).toBe('error foobar #1 -32601 Method not found');
    const batch = decoded(
      decoder.decode(textFrame('out', '[{"jsonrpc":"2.0","method":"sum","params":[1,2,4],"id":"1"},{"jsonrpc":"2.0","method":"notify_hello","params":[7]},{"foo":"boo"}]')),
    );
    expect(batch.map((m) => m.summary)).toEqual(['request sum #1', 'notification notify_hello']);
    expect(batch[0]?.note).toBe('batch 1 of 3');
    expect(decoder.decode(textFrame('out', '[{"foo":"boo"}]'))).toEqual({ ok: false, note: 'neither a request nor a response' });
    expect(decoder.decode(textFrame('out', '[]'))).toEqual({ ok: false, note: 'empty batch' });
    expect(decoder.decode(textFrame('out', '{"jsonrpc":"2.0","method":"x"'))).toEqual({ ok: false, note: 'not JSON' });
  });

  it('has no heartbeats: a method named ping is the application’s own call', () => {
    const decoder = createDecoder('json-rpc');
    expect(single(decoder.decode(textFrame('out', '{"jsonrpc":"2.0","method":"ping","id":1}'))).heartbeat).toBeUndefined();
    expect(single(decoder.decode(textFrame('in', '{"jsonrpc":"2.0","result":"pong","id":1}'))).heartbeat).toBeUndefined();
  });
});
