import { afterEach, describe, expect, it } from 'vitest';
import { envelope, type HookEvent } from '../shared/protocol';
import { batchJson } from './serialize';

const events: HookEvent[] = [
  { conn: 'tok.1', seq: 0, time: 1.5, type: 'create', kind: 'ws', url: 'ws://h/"x"', protocols: ['a', 'b'], withCredentials: false, frameUrl: 'http://h/' },
  { conn: 'tok.1', seq: 1, time: 2, type: 'frame', dir: 'in', via: 'page', opcode: 'text', size: 9, data: 'line\n"\u2028\ud800', truncated: false },
  { conn: 'tok.2', seq: 3, time: 3, type: 'frame', dir: 'in', via: 'page', opcode: 'text', size: 1, data: 'x', truncated: false, event: 'price', lastEventId: '7' },
  { conn: 'tok.1', seq: 2, time: 4, type: 'close', code: 1000, reason: '', wasClean: true, initiator: 'page' },
  { conn: 'tok.2', seq: 4, time: 5, type: 'frame', dir: 'out', via: 'page', opcode: 'binary', size: 4, data: 'AP8+/w==', truncated: false },
];

const patched = [Object.prototype, Array.prototype] as unknown as Record<string, unknown>[];

afterEach(() => {
  for (const proto of patched) delete proto.toJSON;
});

describe('batchJson', () => {
  it('writes what JSON.stringify writes for the envelope', () => {
    expect(batchJson(events)).toBe(JSON.stringify(envelope({ events })));
    expect(batchJson([])).toBe(JSON.stringify(envelope({ events: [] })));
  });

  it('leaves out undefined members, as JSON.stringify does', () => {
    const event = { ...events[2], event: undefined } as unknown as HookEvent;
    expect(batchJson([event])).toBe(JSON.stringify(envelope({ events: [event] })));
  });

  it('hands nothing to a toJSON the page put on Object.prototype or Array.prototype', () => {
    const seen: unknown[] = [];
    for (const proto of patched) {
      proto.toJSON = function (this: unknown) {
        seen.push(this);
        return 'stolen';
      };
    }
    const json = batchJson(events);
    expect(seen).toEqual([]);
    for (const proto of patched) delete proto.toJSON;
    expect(json).toBe(JSON.stringify(envelope({ events })));
  });
});
