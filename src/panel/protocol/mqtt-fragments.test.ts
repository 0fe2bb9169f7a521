import { generate, type Packet } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import type { Direction, HookEvent } from '../../shared/protocol';
import { applyEvents } from '../store/apply-events';
import { create, frame, open, ORIGIN } from '../store/events.fixture';
import { createStore, type Store } from '../store/store';
import { decodedLine, searchableText } from './decoded-summary';
import { createProtocolTracker, type ProtocolTracker } from './protocol-tracker';

/** The frames of a connection at `ws://demo.test/mqtt`, from seq 2 on, one a piece. */
function mqttSession(pieces: [Direction, Uint8Array][], conn = 'mq'): HookEvent[] {
  return [
    create(conn, { url: 'ws://demo.test/mqtt', protocols: ['mqtt'] }),
    open(conn, 1, { protocol: 'mqtt' }),
    ...pieces.map(([dir, bytes], i) => frame(conn, i + 2, { dir, opcode: 'binary', size: bytes.length, data: Buffer.from(bytes).toString('base64') })),
  ];
}

/** A packet as aedes writes it: the type byte, the length and the rest, each a frame of its own. */
function aedesPieces(dir: Direction, packet: Packet): [Direction, Uint8Array][] {
  const b = generate(packet);
  return [b.subarray(0, 1), b.subarray(1, 2), b.subarray(2)].filter((x) => x.length > 0).map((x) => [dir, x]);
}

const whole = (dir: Direction, packet: Packet): [Direction, Uint8Array] => [dir, generate(packet)];

function frameIds(store: Store): number[] {
  const ids: number[] = [];
  store.log.forEachRetained((id) => {
    if (store.log.kindAt(id) === 'frame') ids.push(id);
  });
  return ids;
}

const lineOf = (tracker: ProtocolTracker, id: number): string | undefined => {
  const result = tracker.decodedAt(id);
  return result ? decodedLine(result).text : undefined;
};

function storeWith(events: HookEvent[], budget?: { maxMessages: number }): Store {
  const store = createStore(budget);
  applyEvents(store, ORIGIN, events);
  return store;
}

describe('protocol tracker, MQTT packets across frames', () => {
  const SUBSCRIBE: Packet = { cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'demo/#', qos: 1 }] };
  const SUBACK: Packet = { cmd: 'suback', messageId: 1, granted: [1] };
  const PUBLISH: Packet = { cmd: 'publish', topic: 'demo/a', payload: 'hello', qos: 1, messageId: 2, retain: false, dup: false };

  it('shows which part of which packet each frame holds, the last one carrying it, and pairs across them', () => {
    const store = storeWith(mqttSession([whole('out', SUBSCRIBE), ...aedesPieces('in', SUBACK), whole('out', PUBLISH), ...aedesPieces('in', { cmd: 'puback', messageId: 2 })]));
    const tracker = createProtocolTracker(store);
    const ids = frameIds(store);
    expect(ids.map((id) => lineOf(tracker, id))).toEqual([
      'SUBSCRIBE demo/# #1',
      'part 1/3 of SUBACK #1 codes 1',
      'part 2/3 of SUBACK #1 codes 1',
      'SUBACK #1 codes 1 (from 3 frames)',
      'PUBLISH demo/a qos1 #2 5 bytes',
      'part 1/3 of PUBACK #2',
      'part 2/3 of PUBACK #2',
      'PUBACK #2 (from 3 frames)',
    ]);
    expect(ids.map((id) => decodedLine(tracker.decodedAt(id)!).raw)).toEqual([false, true, true, false, false, true, true, false]);
    const [subscribe, , , suback, publish, , , puback] = ids as [number, number, number, number, number, number, number, number];
    expect(tracker.linksOf(subscribe)).toEqual([{ role: 'response', partner: suback }]);
    expect(tracker.linksOf(publish)).toEqual([{ role: 'response', partner: puback }]);
    expect(tracker.partsOf(suback)).toEqual(ids.slice(1, 4));
    expect(tracker.partsOf(subscribe)).toEqual([]);
    expect(tracker.decodedAt(ids[1]!)).toMatchObject({ ok: true, messages: [], fragment: { kind: 'SUBACK', starts: true }, partOf: { id: suback, part: 1, parts: 3 } });
    // A part is found by what its packet is.
    expect(searchableText(tracker.decodedAt(ids[2]!)!)).toContain('SUBACK');
  });

  it('says what a frame ends with while the rest has not arrived', () => {
    const publish = generate(PUBLISH);
    const store = storeWith(mqttSession([['in', Buffer.concat([generate(SUBACK), publish.subarray(0, 6)])]]));
    const tracker = createProtocolTracker(store);
    const [id] = frameIds(store) as [number];
    expect(lineOf(tracker, id)).toBe('SUBACK #1 codes 1, then start of PUBLISH');
    applyEvents(store, ORIGIN, [frame('mq', 3, { opcode: 'binary', data: Buffer.from(publish.subarray(6, 9)).toString('base64') })]);
    const middle = frameIds(store)[1]!;
    expect(lineOf(tracker, middle)).toBe(`part of PUBLISH (9 of ${publish.length} bytes so far)`);
    applyEvents(store, ORIGIN, [frame('mq', 4, { opcode: 'binary', data: Buffer.from(publish.subarray(9)).toString('base64') })]);
    expect(lineOf(tracker, middle)).toBe('part 2/3 of PUBLISH demo/a qos1 #2 5 bytes');
    expect(lineOf(tracker, frameIds(store)[2]!)).toBe('PUBLISH demo/a qos1 #2 5 bytes (from 3 frames)');
  });

  it('decodes an old part again from the frame its packet began in, not from its middle', () => {
    const pieces: [Direction, Uint8Array][] = [];
    for (let i = 0; i < 800; i++) pieces.push(...aedesPieces('in', { cmd: 'publish', topic: `t/${i}`, payload: 'x', qos: 0, retain: false, dup: false }));
    const store = storeWith(mqttSession(pieces));
    const tracker = createProtocolTracker(store);
    const ids = frameIds(store);
    // 2,400 frames: the first ones' results are out of the decode cache by now.
    expect(lineOf(tracker, ids.at(-1)!)).toBe('PUBLISH t/799 qos0 1 bytes (from 3 frames)');
    expect(lineOf(tracker, ids[2]!)).toBe('PUBLISH t/0 qos0 1 bytes (from 3 frames)');
    expect(lineOf(tracker, ids[4]!)).toBe('part 2/3 of PUBLISH t/1 qos0 1 bytes');
  });

  it('says so when the frames an old part continues are no longer kept', () => {
    const pieces: [Direction, Uint8Array][] = [];
    for (let i = 0; i < 1000; i++) pieces.push(...aedesPieces('in', { cmd: 'publish', topic: `t/${i}`, payload: 'x', qos: 0, retain: false, dup: false }));
    const store = createStore({ maxMessages: 2_999 });
    const tracker = createProtocolTracker(store);
    const events = mqttSession(pieces);
    // Read as they arrive, as the panel does; the budget then drops the very first frame.
    for (let i = 0; i < events.length; i += 100) {
      applyEvents(store, ORIGIN, events.slice(i, i + 100));
      tracker.decodedAt(store.log.endId - 1);
    }
    const ids = frameIds(store);
    expect(store.log.get(ids[0]!).seq).toBeGreaterThan(2);
    expect(tracker.decodedAt(ids[0]!)).toEqual({ ok: false, note: 'continues a message whose first frames are no longer kept' });
  });

  it('keeps the payload of a large reassembled packet for the details pane, however many came after it', () => {
    const big = generate({ cmd: 'publish', topic: 'big', payload: 'p'.repeat(200_000), qos: 0, retain: false, dup: false });
    const quarter = Math.ceil(big.length / 4);
    const pieces: [Direction, Uint8Array][] = [];
    for (let i = 0; i < 12; i++) pieces.push(...[0, 1, 2, 3].map((q): [Direction, Uint8Array] => ['in', big.subarray(q * quarter, (q + 1) * quarter)]));
    const store = storeWith(mqttSession(pieces));
    const tracker = createProtocolTracker(store);
    const carrier = frameIds(store)[3]!;
    expect(lineOf(tracker, carrier)).toBe(`PUBLISH big qos0 200000 bytes (from 4 frames)`);
    const payloadOf = (whole?: boolean) => {
      const result = tracker.decodedAt(carrier, whole);
      return result?.ok ? (result.messages[0]?.payload as { payload?: string } | undefined)?.payload?.length : undefined;
    };
    // The grid's read goes without it; the details pane's decodes the packet anew for it.
    expect(payloadOf()).toBeUndefined();
    expect(payloadOf(true)).toBe(200_000);
    expect(payloadOf()).toBe(200_000);
  });

  it('decodes an old frame anew only from within reach of a message boundary', () => {
    // Packets of 9 bytes, frames of 9 bytes from the 5th on: every frame after the first continues the one before it.
    const stream = Buffer.concat(Array.from({ length: 3_300 }, () => generate({ cmd: 'publish', topic: 'abc', payload: 'xy', qos: 0, retain: false, dup: false })));
    const pieces: [Direction, Uint8Array][] = [['in', stream.subarray(0, 5)]];
    for (let at = 5; at < stream.length; at += 9) pieces.push(['in', stream.subarray(at, at + 9)]);
    const store = storeWith(mqttSession(pieces));
    const tracker = createProtocolTracker(store);
    const ids = frameIds(store);
    // The decode cache holds the last 2,000: frame 1,200 is out of it, and 1,200 frames from the first boundary.
    expect(ids.length).toBeGreaterThan(3_200);
    expect(lineOf(tracker, ids[5]!)).toBe('PUBLISH abc qos0 2 bytes (from 2 frames), then start of PUBLISH');
    expect(tracker.decodedAt(ids[1_200]!)).toEqual({ ok: false, note: 'over 1024 frames from one that starts at a message boundary: too far to decode again' });
  });

  it('takes the parts of a split ping for heartbeats too', () => {
    const ping = generate({ cmd: 'pingresp' });
    const store = storeWith(mqttSession([['in', ping.subarray(0, 1)], ['in', ping.subarray(1)], whole('in', SUBACK)]));
    const tracker = createProtocolTracker(store);
    expect(frameIds(store).map((id) => tracker.isHeartbeat(id))).toEqual([true, true, false]);
  });
});
