/**
 * This document's recent events, replayed to a panel that attaches late (Chrome's own DevTools
 * cannot show connections opened before it was opened; Frametap can).
 *
 * Bounded by event count and payload characters: the connection holding the most of what is over
 * budget (frames for the event budget, payload for the payload budget) gives up its oldest frame;
 * lifecycle events and each connection's newest frame in each direction are kept. Oldest first
 * across all connections would let one loud socket wipe out every quiet one, its open event
 * included. The newest frame per direction carries the connection's true running totals and, with
 * the lifecycle events, makes every dropped frame a visible gap in its connection's sequence
 * numbers.
 *
 * Only when what is kept alone exceeds a budget does any of it go. Over the event budget (a page
 * opening sockets in a loop, an EventSource reconnecting for days), whole connections go: the
 * oldest finished one (its latest lifecycle event is `close`, or an `error` that does not
 * reconnect), else the oldest of all. Over the payload budget, which lifecycle events do not
 * weigh on, the connection holding the most payload gives up its newest frames too, oldest first.
 *
 * Heaps find who holds the most and who goes first, so an eviction costs O(log connections).
 */
import { payloadLength } from './events';
import { createMaxHeap } from './max-heap';
import type { ConnId, FrameEvent, HookEvent } from './protocol';

export interface BacklogLimits {
  maxEvents: number;
  maxPayloadBytes: number;
}

export interface Backlog {
  push(events: readonly HookEvent[]): void;
  /** Everything retained, in the order it was pushed. */
  snapshot(): HookEvent[];
  /** Lets go of everything: nobody will ever ask for it (the extension is gone). */
  clear(): void;
}

/**
 * A deque of events with their arrival ordinals, in parallel arrays so that storing an event
 * allocates nothing of its own.
 */
interface Lane<E extends HookEvent> {
  /** Slots before `head` are cleared, so an evicted event's payload can be collected at once. */
  events: (E | undefined)[];
  ordinals: number[];
  head: number;
  payload: number;
}

interface Connection {
  id: ConnId;
  /** Ordinal of its first retained event: its age when whole connections must go. */
  born: number;
  finished: boolean;
  lifecycle: Lane<HookEvent>;
  /** Per direction, so that the protected newest frame is always a lane's last. */
  out: Lane<FrameEvent>;
  in: Lane<FrameEvent>;
  /** Its place in the heaps by frames, or by payload, is out of date. */
  framesStale: boolean;
  payloadStale: boolean;
}

const newLane = <E extends HookEvent>(): Lane<E> => ({ events: [], ordinals: [], head: 0, payload: 0 });

const laneSize = (lane: Lane<HookEvent>): number => lane.events.length - lane.head;

/** What the lane holds beyond its protected newest frame. */
const evictableCount = (lane: Lane<FrameEvent>): number => Math.max(0, laneSize(lane) - 1);

function evictablePayload(lane: Lane<FrameEvent>): number {
  if (laneSize(lane) === 0) return 0;
  return lane.payload - payloadLength(lane.events[lane.events.length - 1] as FrameEvent);
}

function shift(lane: Lane<FrameEvent>): FrameEvent {
  const event = lane.events[lane.head] as FrameEvent;
  lane.events[lane.head] = undefined;
  lane.head += 1;
  lane.payload -= payloadLength(event);
  // In place, and only once the dead slots outnumber the live ones: amortized O(1), no new array.
  if (lane.head >= 16 && lane.head * 2 >= lane.events.length) {
    lane.events.copyWithin(0, lane.head);
    lane.ordinals.copyWithin(0, lane.head);
    lane.events.length -= lane.head;
    lane.ordinals.length -= lane.head;
    lane.head = 0;
  }
  return event;
}

const isFinishing = (event: HookEvent): boolean =>
  event.type === 'close' || (event.type === 'error' && !event.reconnecting);

export function createBacklog(limits: BacklogLimits): Backlog {
  const connections = new Map<ConnId, Connection>();
  const byFrames = createMaxHeap<Connection>();
  const byPayload = createMaxHeap<Connection>();
  const byHeldPayload = createMaxHeap<Connection>();
  // Min-heaps by age, as max-heaps of the negated ordinal.
  const finishedByAge = createMaxHeap<Connection>();
  const unfinishedByAge = createMaxHeap<Connection>();
  // A busy page changes the same connections many times between two trims, and is often within
  // one of the budgets: a heap hears of a change only once it is about to be asked.
  const framesStale = new Set<Connection>();
  const payloadStale = new Set<Connection>();
  let nextOrdinal = 0;
  let events = 0;
  let payload = 0;

  const framesOf = (conn: Connection): number => evictableCount(conn.out) + evictableCount(conn.in);
  const payloadOf = (conn: Connection): number => evictablePayload(conn.out) + evictablePayload(conn.in);
  const heldPayloadOf = (conn: Connection): number => conn.out.payload + conn.in.payload;

  function staleFrames(conn: Connection): void {
    if (conn.framesStale) return;
    conn.framesStale = true;
    framesStale.add(conn);
  }

  function stalePayload(conn: Connection): void {
    if (conn.payloadStale) return;
    conn.payloadStale = true;
    payloadStale.add(conn);
  }

  function settleFrames(): void {
    for (const conn of framesStale) {
      conn.framesStale = false;
      byFrames.set(conn, framesOf(conn));
    }
    framesStale.clear();
  }

  function settlePayload(): void {
    for (const conn of payloadStale) {
      conn.payloadStale = false;
      byPayload.set(conn, payloadOf(conn));
      byHeldPayload.set(conn, heldPayloadOf(conn));
    }
    payloadStale.clear();
  }

  function connectionFor(id: ConnId): Connection {
    const known = connections.get(id);
    if (known) return known;
    const conn: Connection = {
      id,
      born: nextOrdinal,
      finished: false,
      lifecycle: newLane(),
      out: newLane(),
      in: newLane(),
      framesStale: false,
      payloadStale: false,
    };
    connections.set(id, conn);
    unfinishedByAge.set(conn, -conn.born);
    return conn;
  }

  function store(event: HookEvent): void {
    const conn = connectionFor(event.conn);
    const ordinal = nextOrdinal++;
    events += 1;
    if (event.type === 'frame') {
      const lane = event.dir === 'out' ? conn.out : conn.in;
      const length = payloadLength(event);
      lane.events.push(event);
      lane.ordinals.push(ordinal);
      lane.payload += length;
      payload += length;
      staleFrames(conn);
      stalePayload(conn);
      return;
    }
    conn.lifecycle.events.push(event);
    conn.lifecycle.ordinals.push(ordinal);
    const finished = isFinishing(event);
    if (finished === conn.finished) return;
    conn.finished = finished;
    (finished ? unfinishedByAge : finishedByAge).delete(conn);
    (finished ? finishedByAge : unfinishedByAge).set(conn, -conn.born);
  }

  /** `keep` frames of each direction stay: 1 (the newest) unless only newest frames are left. */
  function evictOldestFrame(conn: Connection, keep: number): void {
    const { out, in: inbound } = conn;
    const fromOut =
      laneSize(out) > keep &&
      (laneSize(inbound) <= keep || (out.ordinals[out.head] as number) < (inbound.ordinals[inbound.head] as number));
    const frame = shift(fromOut ? out : inbound);
    events -= 1;
    payload -= payloadLength(frame);
  }

  function drop(conn: Connection): void {
    connections.delete(conn.id);
    byFrames.delete(conn);
    byPayload.delete(conn);
    byHeldPayload.delete(conn);
    finishedByAge.delete(conn);
    unfinishedByAge.delete(conn);
    framesStale.delete(conn);
    payloadStale.delete(conn);
    events -= laneSize(conn.lifecycle) + laneSize(conn.out) + laneSize(conn.in);
    payload -= heldPayloadOf(conn);
  }

  function trimEvents(): void {
    settleFrames();
    while (events > limits.maxEvents) {
      const loudest = byFrames.top();
      if (loudest && framesOf(loudest) > 0) {
        evictOldestFrame(loudest, 1);
        byFrames.set(loudest, framesOf(loudest));
        stalePayload(loudest);
        continue;
      }
      const doomed = finishedByAge.top() ?? unfinishedByAge.top();
      if (!doomed) return;
      drop(doomed);
    }
  }

  function trimPayload(): void {
    settlePayload();
    while (payload > limits.maxPayloadBytes) {
      const heaviest = byPayload.top();
      // Lifecycle events hold no payload: only newest frames can make room, the heaviest first.
      const forced = !heaviest || payloadOf(heaviest) === 0;
      const conn = forced ? byHeldPayload.top() : heaviest;
      if (!conn || heldPayloadOf(conn) === 0) return;
      evictOldestFrame(conn, forced ? 0 : 1);
      staleFrames(conn);
      if (laneSize(conn.lifecycle) + laneSize(conn.out) + laneSize(conn.in) === 0) {
        drop(conn);
        continue;
      }
      byPayload.set(conn, payloadOf(conn));
      byHeldPayload.set(conn, heldPayloadOf(conn));
    }
  }

  return {
    push(batch) {
      for (const event of batch) store(event);
      if (events > limits.maxEvents) trimEvents();
      if (payload > limits.maxPayloadBytes) trimPayload();
    },
    snapshot() {
      const kept: HookEvent[] = [];
      const ordinals: number[] = [];
      for (const conn of connections.values()) {
        for (const lane of [conn.lifecycle, conn.out, conn.in]) {
          for (let i = lane.head; i < lane.events.length; i++) {
            kept.push(lane.events[i] as HookEvent);
            ordinals.push(lane.ordinals[i] as number);
          }
        }
      }
      const order = kept.map((_, i) => i);
      order.sort((a, b) => (ordinals[a] as number) - (ordinals[b] as number));
      return order.map((i) => kept[i] as HookEvent);
    },
    clear() {
      connections.clear();
      byFrames.clear();
      byPayload.clear();
      byHeldPayload.clear();
      finishedByAge.clear();
      unfinishedByAge.clear();
      framesStale.clear();
      payloadStale.clear();
      events = 0;
      payload = 0;
    },
  };
}
