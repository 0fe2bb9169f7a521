import { afterEach, describe, expect, it } from 'vitest';
import { envelope, type HookEvent } from '../shared/protocol';
import type { HeldEvent } from './held-event';
import { batchJson, serializedPayloadLength } from './serialize';

const events: HookEvent[] = [
  { conn: 'tok.1', seq: 0, time: 1.5, type: 'create', kind: 'ws', url: 'ws://h/"x"', protocols: ['a', 'b'], withCredentials: false, frameUrl: 'http://h/' },
  { conn: 'tok.1', seq: 1, time: 2, type: 'frame', dir: 'in', via: 'page', opcode: 'text', size: 9, data: 'line\n"\u2028\ud800', truncated: false },
  { conn: 'tok.2', seq: 3, time: 3, type: 'frame', dir: 'in', via: 'page', opcode: 'text', size: 1, data: 'x', truncated: false, event: 'price', lastEventId: '7' },
  { conn: 'tok.1', seq: 2, time: 4, type: 'close', code: 1000, reason: '', wasClean: true, initiator: 'page' },
  { conn: 'tok.2', seq: 4, time: 5, type: 'frame', dir: 'out', via: 'page', opcode: 'binary', size: 4, data: 'AP8+/w==', truncated: false },
];
/** The same events as the hook holds them: binary data as bytes. */
const held: HeldEvent[] = events.map((event) =>
  event.type === 'frame' && event.opcode === 'binary' ? { ...event, data: new Uint8Array(Buffer.from(event.data, 'base64')) } : event,
);

const patched = [Object.prototype, Array.prototype] as unknown as Record<string, unknown>[];

afterEach(() => {
  for (const proto of patched) delete proto.toJSON;
});

describe('batchJson', () => {
  it('writes what JSON.stringify writes for the envelope', () => {
    expect(batchJson(held)).toBe(JSON.stringify(envelope({ events })));
    expect(batchJson([])).toBe(JSON.stringify(envelope({ events: [] })));
  });

  it('writes a run of the events when asked for one', () => {
    expect(batchJson(held, 1, 3)).toBe(JSON.stringify(envelope({ events: events.slice(1, 3) })));
  });

  it('counts the payload characters the text will carry, base64 for bytes', () => {
    expect(held.map(serializedPayloadLength)).toEqual([0, 8, 1, 0, 8]);
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
    const json = batchJson(held);
    expect(seen).toEqual([]);
    for (const proto of patched) delete proto.toJSON;
    expect(json).toBe(JSON.stringify(envelope({ events })));
  });
});
