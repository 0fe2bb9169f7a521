/**
 * This document's recent events, replayed to a panel that attaches late (Chrome's own DevTools
 * cannot show connections opened before it was opened; Frametap can).
 *
 * Bounded by event count and by estimated heap bytes, each event weighing what its caller says
 * (a frame its payload and overhead, a lifecycle event its strings and overhead). For either
 * budget, the connection holding the most of what may go (frames, or their bytes) gives up its
 * oldest frame; lifecycle events and each connection's newest frame in each direction are kept.
 * Oldest first across all connections would let one loud socket wipe out every quiet one, its
 * open event included. The newest frame per direction carries the connection's true running
 * totals and, with the lifecycle events, makes every dropped frame a visible gap in its
 * connection's sequence numbers.
 *
 * A frame heavier than the whole byte budget is never held (its sequence number is the gap).
 * Only when what is kept alone exceeds a budget does any of it go. Over the byte budget, the
 * connection holding the most frame bytes gives up its newest frames, oldest first. Then, and
 * over the event budget (a page opening sockets in a loop, an EventSource reconnecting for days),
 * whole connections go: the oldest finished one (its latest lifecycle event is `close`, or an
 * `error` that does not reconnect), else the oldest of all.
 *
 * Heaps find who holds the most and who goes first, so an eviction costs O(log connections).
 *
 * It lives in the page's world, where page scripts may since have patched any built-in: it calls
 * no method of Array, Map, Set or Math, iterates nothing with for-of, reads arrays only in bounds,
 * and looks connections up in a dictionary without a prototype.
 */
import { createMaxHeap, type MaxHeap } from '../shared/max-heap';
import type { ConnId } from '../shared/protocol';
import type { HeldEvent, HeldFrame } from './held-event';
import { objectCreate } from './natives';

export interface BacklogLimits {
  maxEvents: number;
  /** Estimated heap bytes of everything retained, as the backlog's `weigh` counts them. */
  maxBytes: number;
}

export interface Backlog {
  push(event: HeldEvent): void;
  /** Everything retained, in the order it was pushed. */
  snapshot(): HeldEvent[];
  /** Takes effect at once: what is over the new budget goes now. */
  setLimits(limits: BacklogLimits): void;
  /** Lets go of everything: nobody will ever ask for it (the extension is gone). */
  clear(): void;
  readonly events: number;
  readonly bytes: number;
}

/**
 * A deque of events with their arrival ordinals and weights, in parallel arrays so that storing
 * an event allocates nothing of its own.
 */
interface Lane<E extends HeldEvent> {
  /** Slots before `head` are cleared, so an evicted event can be collected at once. */
  events: (E | undefined)[];
  ordinals: number[];
  weights: number[];
  head: number;
  bytes: number;
}

interface Connection {
  /** Its key in the heaps and its slot in `slots`; reused once the connection is dropped. */
  index: number;
  id: ConnId;
  /** Ordinal of its first event: its age when whole connections must go. */
  born: number;
  finished: boolean;
  lifecycle: Lane<HeldEvent>;
  /** Per direction, so that the protected newest frame is always a lane's last. */
  out: Lane<HeldFrame>;
  in: Lane<HeldFrame>;
  /** Its place in the heaps by frames and bytes is out of date. */
  stale: boolean;
}

const newLane = <E extends HeldEvent>(): Lane<E> => ({ events: [], ordinals: [], weights: [], head: 0, bytes: 0 });

const laneSize = (lane: Lane<HeldEvent>): number => lane.events.length - lane.head;

function append<E extends HeldEvent>(lane: Lane<E>, event: E, ordinal: number, weight: number): void {
  // Indexed stores, not push(): the page may have replaced Array.prototype.push.
  const end = lane.events.length;
  lane.events[end] = event;
  lane.ordinals[end] = ordinal;
  lane.weights[end] = weight;
  lane.bytes += weight;
}

/** Removes the lane's oldest event and returns its weight. */
function shift(lane: Lane<HeldFrame>): number {
  const { events, ordinals, weights, head } = lane;
  const weight = weights[head] as number;
  events[head] = undefined;
  lane.head = head + 1;
  lane.bytes -= weight;
  // In place, and only once the dead slots outnumber the live ones: amortized O(1), no new array.
  if (lane.head >= 16 && lane.head * 2 >= events.length) {
    const from = lane.head;
    const live = events.length - from;
    for (let i = 0; i < live; i++) {
      events[i] = events[from + i];
      ordinals[i] = ordinals[from + i] as number;
      weights[i] = weights[from + i] as number;
    }
    events.length = live;
    ordinals.length = live;
    weights.length = live;
    lane.head = 0;
  }
  return weight;
}

/** What the lane holds beyond its protected newest frame. */
const evictableCount = (lane: Lane<HeldFrame>): number => (laneSize(lane) > 1 ? laneSize(lane) - 1 : 0);

const evictableBytes = (lane: Lane<HeldFrame>): number =>
  laneSize(lane) > 0 ? lane.bytes - (lane.weights[lane.weights.length - 1] as number) : 0;

const isFinishing = (event: HeldEvent): boolean =>
  event.type === 'close' || (event.type === 'error' && !event.reconnecting);

const framesOf = (conn: Connection): number => evictableCount(conn.out) + evictableCount(conn.in);
const evictableBytesOf = (conn: Connection): number => evictableBytes(conn.out) + evictableBytes(conn.in);
const frameBytesOf = (conn: Connection): number => conn.out.bytes + conn.in.bytes;
const sizeOf = (conn: Connection): number => laneSize(conn.lifecycle) + laneSize(conn.out) + laneSize(conn.in);

export function createBacklog(limits: BacklogLimits, weigh: (event: HeldEvent) => number): Backlog {
  let maxEvents = limits.maxEvents;
  let maxBytes = limits.maxBytes;
  // Without a prototype, no id (not even "__proto__") finds anything the page put on Object.prototype.
  let byId = objectCreate(null) as Record<ConnId, Connection | undefined>;
  /** By connection index. */
  const slots: (Connection | undefined)[] = [];
  const freeIndices: number[] = [];
  const byFrames = createMaxHeap();
  const byEvictableBytes = createMaxHeap();
  const byFrameBytes = createMaxHeap();
  // Min-heaps by age, as max-heaps of the negated ordinal.
  const finishedByAge = createMaxHeap();
  const unfinishedByAge = createMaxHeap();
  // A busy page changes the same connections many times between two trims, and is often within
  // its budgets: the heaps hear of a change only once they are about to be asked. Connections
  // are only dropped by a trim, which settles this list first, so it never holds a dropped one.
  const stale: Connection[] = [];
  let nextOrdinal = 0;
  let heldEvents = 0;
  let heldBytes = 0;

  const topOf = (heap: MaxHeap): Connection | undefined => {
    const index = heap.top();
    return index === undefined ? undefined : slots[index];
  };

  function rank(conn: Connection): void {
    byFrames.set(conn.index, framesOf(conn));
    byEvictableBytes.set(conn.index, evictableBytesOf(conn));
    byFrameBytes.set(conn.index, frameBytesOf(conn));
  }

  function markStale(conn: Connection): void {
    if (conn.stale) return;
    conn.stale = true;
    stale[stale.length] = conn;
  }

  function settle(): void {
    for (let i = 0; i < stale.length; i++) {
      const conn = stale[i] as Connection;
      conn.stale = false;
      rank(conn);
    }
    stale.length = 0;
  }

  function connectionFor(id: ConnId): Connection {
    const known = byId[id];
    if (known) return known;
    let index = slots.length;
    if (freeIndices.length > 0) {
      index = freeIndices[freeIndices.length - 1] as number;
      freeIndices.length -= 1;
    }
    const conn: Connection = {
      index,
      id,
      born: nextOrdinal,
      finished: false,
      lifecycle: newLane(),
      out: newLane(),
      in: newLane(),
      stale: false,
    };
    byId[id] = conn;
    slots[index] = conn;
    unfinishedByAge.set(index, -conn.born);
    return conn;
  }

  function store(event: HeldEvent, weight: number): void {
    const conn = connectionFor(event.conn);
    const ordinal = nextOrdinal++;
    heldEvents += 1;
    heldBytes += weight;
    if (event.type === 'frame') {
      append(event.dir === 'out' ? conn.out : conn.in, event, ordinal, weight);
      markStale(conn);
      return;
    }
    append(conn.lifecycle, event, ordinal, weight);
    const finished = isFinishing(event);
    if (finished === conn.finished) return;
    conn.finished = finished;
    (finished ? unfinishedByAge : finishedByAge).delete(conn.index);
    (finished ? finishedByAge : unfinishedByAge).set(conn.index, -conn.born);
  }

  /** `keep` frames of each direction stay: 1 (the newest) unless only newest frames are left. */
  function evictOldestFrame(conn: Connection, keep: number): void {
    const { out, in: inbound } = conn;
    const fromOut =
      laneSize(out) > keep &&
      (laneSize(inbound) <= keep || (out.ordinals[out.head] as number) < (inbound.ordinals[inbound.head] as number));
    heldBytes -= shift(fromOut ? out : inbound);
    heldEvents -= 1;
  }

  function drop(conn: Connection): void {
    const { index } = conn;
    delete byId[conn.id];
    slots[index] = undefined;
    freeIndices[freeIndices.length] = index;
    byFrames.delete(index);
    byEvictableBytes.delete(index);
    byFrameBytes.delete(index);
    finishedByAge.delete(index);
    unfinishedByAge.delete(index);
    heldEvents -= sizeOf(conn);
    heldBytes -= conn.lifecycle.bytes + frameBytesOf(conn);
  }

  /** Drops the connection that goes first when only protected events are left; false if none is. */
  function dropOldest(): boolean {
    const doomed = topOf(finishedByAge) ?? topOf(unfinishedByAge);
    if (!doomed) return false;
    drop(doomed);
    return true;
  }

  function trimEvents(): void {
    settle();
    while (heldEvents > maxEvents) {
      const loudest = topOf(byFrames);
      if (loudest && framesOf(loudest) > 0) {
        evictOldestFrame(loudest, 1);
        rank(loudest);
      } else if (!dropOldest()) return;
    }
  }

  function trimBytes(): void {
    settle();
    while (heldBytes > maxBytes) {
      const heaviest = topOf(byEvictableBytes);
      if (heaviest && evictableBytesOf(heaviest) > 0) {
        evictOldestFrame(heaviest, 1);
        rank(heaviest);
        continue;
      }
      const holder = topOf(byFrameBytes);
      if (holder && frameBytesOf(holder) > 0) {
        evictOldestFrame(holder, 0);
        if (sizeOf(holder) === 0) drop(holder);
        else rank(holder);
      } else if (!dropOldest()) return;
    }
  }

  function trim(): void {
    if (heldEvents > maxEvents) trimEvents();
    if (heldBytes > maxBytes) trimBytes();
  }

  /**
   * Merges the lanes by ordinal, a heap picking the lane holding the oldest next event: O(n log
   * lanes). A lane's run of consecutive ordinals (a loud connection's burst) is taken without it.
   */
  function snapshot(): HeldEvent[] {
    const lanes: Lane<HeldEvent>[] = [];
    const cursors: number[] = [];
    const next = createMaxHeap();
    const enter = (lane: Lane<HeldEvent>): void => {
      if (laneSize(lane) === 0) return;
      const key = lanes.length;
      lanes[key] = lane;
      cursors[key] = lane.head;
      next.set(key, -(lane.ordinals[lane.head] as number));
    };
    for (let i = 0; i < slots.length; i++) {
      const conn = slots[i];
      if (!conn) continue;
      enter(conn.lifecycle);
      enter(conn.out);
      enter(conn.in);
    }
    const kept: HeldEvent[] = [];
    for (let key = next.top(); key !== undefined; key = next.top()) {
      const { events, ordinals } = lanes[key] as Lane<HeldEvent>;
      let at = cursors[key] as number;
      let ordinal: number;
      do {
        kept[kept.length] = events[at] as HeldEvent;
        ordinal = ordinals[at] as number;
        at += 1;
      } while (at < events.length && ordinals[at] === ordinal + 1);
      cursors[key] = at;
      if (at < events.length) next.set(key, -(ordinals[at] as number));
      else next.delete(key);
    }
    return kept;
  }

  return {
    push(event) {
      const weight = weigh(event);
      // A frame heavier than the whole byte budget could never be kept: it goes at once, rather
      // than after every other connection's older frames were given up to make room in vain.
      if (event.type !== 'frame' || weight <= maxBytes) store(event, weight);
      trim();
    },
    snapshot,
    setLimits(next) {
      maxEvents = next.maxEvents;
      maxBytes = next.maxBytes;
      trim();
    },
    clear() {
      byId = objectCreate(null) as Record<ConnId, Connection | undefined>;
      slots.length = 0;
      freeIndices.length = 0;
      byFrames.clear();
      byEvictableBytes.clear();
      byFrameBytes.clear();
      finishedByAge.clear();
      unfinishedByAge.clear();
      stale.length = 0;
      heldEvents = 0;
      heldBytes = 0;
    },
    get events() {
      return heldEvents;
    },
    get bytes() {
      return heldBytes;
    },
  };
}
