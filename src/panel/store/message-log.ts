/**
 * The panel's append-only, bounded log of messages (frames, lifecycle rows and gaps).
 *
 * Built for a million retained messages: one typed array (or one plain array for strings) per
 * field, used as a ring, so a message costs about 50 bytes plus its payload string and no object
 * of its own. Every message gets a monotonic id; ids never get reused, so a selection that
 * pointed at an evicted or cleared message simply stops resolving.
 *
 * Two budgets bound it: a message count and retained payload characters (what the panel really
 * holds: text as is, binary as base64). Going over either evicts one message at a time, counted
 * in `dropped`: the oldest of the connection holding the most (messages for the count, characters
 * for the bytes), so that one connection's flood pushes out its own old messages, not the few of
 * a quiet connection.
 *
 * The ring stays one contiguous id range, addressed in O(1), because the messages in the way are
 * pinned rather than left as holes: to evict a connection's oldest message from behind the front,
 * the other connections' messages in front of it move out of the ring into a side store, with
 * their ids (all below `firstId`). A message is pinned at most once and evicted at most once, so
 * an eviction costs amortized O(1), plus O(log connections) to find who gives up.
 */
import { createMaxHeap, type MaxHeap } from '../../shared/max-heap';
import type { Direction, FrameVia, Opcode } from '../../shared/protocol';
import { interceptChars, type Intercept } from './intercept';

/**
 * A row is a frame, a lifecycle event of its connection, or a gap: where the connection's
 * sequence numbers show events that never reached the panel.
 */
export type RowKind = 'frame' | 'open' | 'close' | 'error' | 'gap';

export interface LogEntry {
  /** The connection's small integer index (see the store's registry), not its string id. */
  connIndex: number;
  seq: number;
  /** Epoch milliseconds, sub-millisecond precision. */
  time: number;
  kind: RowKind;
  /** `null` for lifecycle and gap rows. */
  dir: Direction | null;
  via: FrameVia;
  opcode: Opcode;
  truncated: boolean;
  /** Bytes of the whole payload as the page saw it; 0 for lifecycle and gap rows. */
  size: number;
  /** Text, base64 for binary, or the description of a lifecycle or gap row. */
  data: string;
  /** Event-stream frames only (EventSource, or SSE read through fetch or XHR). */
  event: string | undefined;
  lastEventId: string | undefined;
  /** Polling channels: a request's HTTP method, a response's status. */
  http?: string;
  /** What an intercept rule did to the frame, or its rule's reply (via `rule`). */
  intercept?: Intercept;
}

/** What a message costs the byte budget: its payload, and what a rule delivered instead. */
const charsOf = (data: string, intercept: Intercept | undefined): number => data.length + interceptChars(intercept);

export interface LogBudget {
  maxMessages: number;
  /** Retained payload characters (≈ bytes for ASCII and base64). */
  maxBytes: number;
}

export interface MessageLog {
  /**
   * The oldest id of the ring: every id from it to `endId` is retained. The only retained ids
   * below it are the pinned ones (`pinnedIds`).
   */
  readonly firstId: number;
  /** One past the newest id. */
  readonly endId: number;
  /** Payload characters of every retained message, pinned ones included. */
  readonly retainedBytes: number;
  /** Messages evicted by a budget since the last clear. */
  readonly dropped: number;
  /**
   * Changes whenever a pinned message stops being retained (evicted, cleared): while it stays
   * the same, every pinned id a reader saw is still retained. Pinning itself needs no signal: the
   * ids pinned since a reader last looked are the retained ones from the `firstId` it saw then up
   * to the current one.
   */
  readonly pinnedVersion: number;
  append(entry: LogEntry): number;
  /** Replaces the text of a retained message: a gap row, once some of what it missed arrived after all. */
  rewriteData(id: number, data: string): void;
  /** Replaces what a rule did to a retained message: a paused one, once it was let go. */
  rewriteIntercept(id: number, intercept: Intercept): void;
  has(id: number): boolean;
  /** Materializes one message; only for the few rows on screen and the details pane. */
  get(id: number): LogEntry;
  /** Allocation-free access to one field, for index scans over the whole log (filters). */
  connIndexAt(id: number): number;
  timeAt(id: number): number;
  sizeAt(id: number): number;
  kindAt(id: number): RowKind;
  dirAt(id: number): Direction | null;
  opcodeAt(id: number): Opcode;
  dataAt(id: number): string;
  eventAt(id: number): string | undefined;
  interceptAt(id: number): Intercept | undefined;
  /**
   * The retained ids below `firstId`, ascending. The array is never changed afterwards (the next
   * change to the pinned messages makes a new one), so a view may keep it.
   */
  pinnedIds(): readonly number[];
  /** Calls `fn` with every retained id from `from` on, ascending; `fn` must not change the log. */
  forEachRetained(fn: (id: number) => void, from?: number): void;
  /** The connection's retained frames (lifecycle and gap rows not counted), in O(1). */
  retainedFramesOf(connIndex: number): number;
  readonly budget: LogBudget;
  /** Applies new budgets now: a smaller one evicts (and counts) at once, by the same rule as appends. */
  setBudget(budget: LogBudget): void;
  clear(): void;
}

const INITIAL_CAPACITY = 1024;

const KINDS: readonly RowKind[] = ['frame', 'open', 'close', 'error', 'gap'];
const DIRS: readonly (Direction | null)[] = [null, 'out', 'in'];
const VIAS: readonly FrameVia[] = ['page', 'panel', 'inject', 'rule'];

// Two bytes of flags per message: kind (3 bits), direction (2), via (2), binary (1), truncated (1).
const KIND_MASK = 7;
const FRAME = KINDS.indexOf('frame');
const DIR_SHIFT = 3;
const VIA_SHIFT = 5;
const BINARY_BIT = 1 << 7;
const TRUNCATED_BIT = 1 << 8;

function packFlags(e: LogEntry): number {
  return (
    KINDS.indexOf(e.kind) |
    (DIRS.indexOf(e.dir) << DIR_SHIFT) |
    (VIAS.indexOf(e.via) << VIA_SHIFT) |
    (e.opcode === 'binary' ? BINARY_BIT : 0) |
    (e.truncated ? TRUNCATED_BIT : 0)
  );
}

interface Columns {
  connIndex: Uint32Array;
  seq: Float64Array;
  time: Float64Array;
  size: Float64Array;
  flags: Uint16Array;
  data: string[];
  event: (string | undefined)[];
  lastEventId: (string | undefined)[];
  http: (string | undefined)[];
  intercept: (Intercept | undefined)[];
}

function allocate(capacity: number): Columns {
  return {
    connIndex: new Uint32Array(capacity),
    seq: new Float64Array(capacity),
    time: new Float64Array(capacity),
    size: new Float64Array(capacity),
    flags: new Uint16Array(capacity),
    data: new Array<string>(capacity).fill(''),
    event: new Array<string | undefined>(capacity).fill(undefined),
    lastEventId: new Array<string | undefined>(capacity).fill(undefined),
    http: new Array<string | undefined>(capacity).fill(undefined),
    intercept: new Array<Intercept | undefined>(capacity).fill(undefined),
  };
}

/** What one connection holds of the log, for the budgets to find the one holding the most. */
interface Share {
  connIndex: number;
  /** Retained messages, pinned ones included. */
  messages: number;
  /** Their payload characters. */
  chars: number;
  frames: number;
  /** Its pinned ids, oldest first, from `pinnedHead` on (a queue without O(n) shifts). */
  pinned: number[];
  pinnedHead: number;
  /** Its priorities in the heaps, which may lag behind its counts until the next eviction. */
  rankedMessages: number;
  rankedChars: number;
  stale: boolean;
}

/** One budget's way to rank the connections. */
interface Ranking {
  heap: MaxHeap;
  /** What the heap knows of a share, as of the last `rank()`. */
  priority(share: Share): number;
}

const normalized = (b: LogBudget): LogBudget => ({
  maxMessages: Math.max(1, Math.floor(b.maxMessages)),
  maxBytes: Math.max(0, b.maxBytes),
});

/** A connection index as the Uint32Array column stores it, so that shares and ring agree. */
const connOf = (entry: LogEntry): number => entry.connIndex >>> 0;

const NO_IDS: readonly number[] = [];

export function createMessageLog(initialBudget: LogBudget): MessageLog {
  let budget = normalized(initialBudget);
  let capacity = Math.min(INITIAL_CAPACITY, budget.maxMessages);
  let cols = allocate(capacity);
  /** Slot of `firstId`. */
  let head = 0;
  let firstId = 0;
  let endId = 0;
  let retainedBytes = 0;
  let dropped = 0;

  // Pinned messages are kept as plain entries (about 100 bytes each with their map entry and
  // queue slot, twice their ring cost, and one object each for the GC) because they are normally
  // few: the quiet connections' messages that were in front of a loud one's. At worst, when many
  // connections' older messages all precede the loudest one's, they can approach the count budget.
  // Map order is insertion order, which is pin order, which is id order.
  const pinned = new Map<number, LogEntry>();
  let pinnedIds: readonly number[] | null = NO_IDS;
  let pinnedVersion = 0;

  // By connection index: indexes are small integers, and an array reads faster than a Map.
  const shares: (Share | undefined)[] = [];
  const byMessages: Ranking = { heap: createMaxHeap(), priority: (s) => s.rankedMessages };
  const byChars: Ranking = { heap: createMaxHeap(), priority: (s) => s.rankedChars };
  /** Shares whose counts changed since the heaps last heard of them. */
  const stale: Share[] = [];

  const slotOf = (id: number): number => (head + (id - firstId)) % capacity;
  const ringCount = (): number => endId - firstId;
  const count = (): number => ringCount() + pinned.size;
  const has = (id: number): boolean => Number.isInteger(id) && (id >= firstId ? id < endId : pinned.has(id));
  const flagsAt = (id: number): number => cols.flags[slotOf(id)]!;

  function pinnedAt(id: number): LogEntry {
    const entry = pinned.get(id);
    if (!entry) throw new RangeError(`message ${id} is not retained`);
    return entry;
  }

  function entryAt(slot: number): LogEntry {
    const flags = cols.flags[slot]!;
    return {
      connIndex: cols.connIndex[slot]!,
      seq: cols.seq[slot]!,
      time: cols.time[slot]!,
      kind: KINDS[flags & KIND_MASK]!,
      dir: DIRS[(flags >> DIR_SHIFT) & 3] ?? null,
      via: VIAS[(flags >> VIA_SHIFT) & 3]!,
      opcode: flags & BINARY_BIT ? 'binary' : 'text',
      truncated: (flags & TRUNCATED_BIT) !== 0,
      size: cols.size[slot]!,
      data: cols.data[slot]!,
      event: cols.event[slot],
      lastEventId: cols.lastEventId[slot],
      http: cols.http[slot],
      intercept: cols.intercept[slot],
    };
  }

  /** Grows by doubling up to the count budget, unrolling the ring so that `head` is 0 again. */
  function grow(): void {
    copyInto(allocate(Math.min(capacity * 2, budget.maxMessages)), ringCount());
  }

  /** Moves the `n` messages of the ring to the start of `next`, which becomes the ring. */
  function copyInto(next: Columns, n: number): void {
    for (let i = 0; i < n; i++) {
      const from = (head + i) % capacity;
      next.connIndex[i] = cols.connIndex[from]!;
      next.seq[i] = cols.seq[from]!;
      next.time[i] = cols.time[from]!;
      next.size[i] = cols.size[from]!;
      next.flags[i] = cols.flags[from]!;
      next.data[i] = cols.data[from]!;
      next.event[i] = cols.event[from];
      next.lastEventId[i] = cols.lastEventId[from];
      next.http[i] = cols.http[from];
      next.intercept[i] = cols.intercept[from];
    }
    cols = next;
    capacity = next.flags.length;
    head = 0;
  }

  function touch(share: Share): void {
    if (share.stale) return;
    share.stale = true;
    stale.push(share);
  }

  /**
   * Brings the heaps up to date, just before a budget picks from them. Deferred so that a flood,
   * whose every message makes its own connection give one up, leaves the heaps as they were.
   */
  function rank(): void {
    let share: Share | undefined;
    while ((share = stale.pop())) {
      share.stale = false;
      const { connIndex } = share;
      if (share.messages === 0) {
        shares[connIndex] = undefined;
        byMessages.heap.delete(connIndex);
        byChars.heap.delete(connIndex);
        continue;
      }
      if (share.rankedMessages !== share.messages) byMessages.heap.set(connIndex, (share.rankedMessages = share.messages));
      if (share.rankedChars !== share.chars) byChars.heap.set(connIndex, (share.rankedChars = share.chars));
    }
  }

  function counted(connIndex: number, frame: boolean, chars: number): void {
    let share = shares[connIndex];
    if (!share) {
      share = { connIndex, messages: 0, chars: 0, frames: 0, pinned: [], pinnedHead: 0, rankedMessages: -1, rankedChars: -1, stale: false };
      shares[connIndex] = share;
    }
    share.messages++;
    share.chars += chars;
    if (frame) share.frames++;
    touch(share);
  }

  function evicted(share: Share, frame: boolean, chars: number): void {
    share.messages--;
    share.chars -= chars;
    if (frame) share.frames--;
    retainedBytes -= chars;
    dropped++;
    touch(share);
  }

  /** Takes the front message out of the ring; its strings go now, the slot is overwritten later. */
  function leaveRing(): void {
    cols.data[head] = '';
    cols.event[head] = undefined;
    cols.lastEventId[head] = undefined;
    cols.http[head] = undefined;
    cols.intercept[head] = undefined;
    head = (head + 1) % capacity;
    firstId++;
  }

  function pinFront(): void {
    const entry = entryAt(head);
    pinned.set(firstId, entry);
    shares[entry.connIndex]!.pinned.push(firstId);
    pinnedIds = null;
    leaveRing();
  }

  /**
   * Evicts the connection's oldest message: its oldest pinned one if it has any (pinned ids are
   * below the ring's), else the first of its ring, pinning the other connections' messages in
   * front of it. The caller makes sure the connection holds a message other than one being appended.
   */
  function evictOldestOf(share: Share): void {
    if (share.pinnedHead < share.pinned.length) {
      const id = share.pinned[share.pinnedHead++]!;
      // Compacting once half is consumed moves each id at most once more: amortized O(1).
      if (share.pinnedHead * 2 >= share.pinned.length) {
        share.pinned.splice(0, share.pinnedHead);
        share.pinnedHead = 0;
      }
      const entry = pinned.get(id)!;
      pinned.delete(id);
      pinnedIds = null;
      pinnedVersion++;
      evicted(share, entry.kind === 'frame', charsOf(entry.data, entry.intercept));
      return;
    }
    while (cols.connIndex[head] !== share.connIndex) pinFront();
    const frame = (cols.flags[head]! & KIND_MASK) === FRAME;
    const chars = charsOf(cols.data[head]!, cols.intercept[head]);
    leaveRing();
    evicted(share, frame, chars);
  }

  /**
   * The connection that gives up a message: the one holding the most, unless all it holds is the
   * newest message (of `newestConn`), which always stays; then the next one does.
   */
  function victim({ heap, priority }: Ranking, newestConn: number): Share {
    rank();
    const top = heap.top()!;
    const share = shares[top]!;
    if (top !== newestConn || share.messages > 1) return share;
    heap.delete(top);
    const next = heap.top()!;
    heap.set(top, priority(share));
    return shares[next]!;
  }

  /** A retained message's characters changed by `delta`: its connection's share and the total follow. */
  function recharge(connIndex: number, delta: number): void {
    const share = shares[connIndex];
    if (!share) return;
    share.chars += delta;
    retainedBytes += delta;
    touch(share);
  }

  function pinnedIdList(): readonly number[] {
    pinnedIds ??= Array.from(pinned.keys());
    return pinnedIds;
  }

  return {
    get firstId() {
      return firstId;
    },
    get endId() {
      return endId;
    },
    get retainedBytes() {
      return retainedBytes;
    },
    get dropped() {
      return dropped;
    },
    get pinnedVersion() {
      return pinnedVersion;
    },

    append(entry) {
      const connIndex = connOf(entry);
      const cost = charsOf(entry.data, entry.intercept);
      // Counted before evicting: a message that makes its connection the one holding the most
      // has that connection give up first, so that equally loud connections share within one.
      counted(connIndex, entry.kind === 'frame', cost);
      // The newest message is always kept, even alone over the byte budget: it is what the user
      // is looking at, and the size column still tells how big it was.
      while (count() > 0) {
        if (count() >= budget.maxMessages) evictOldestOf(victim(byMessages, connIndex));
        else if (retainedBytes + cost > budget.maxBytes) evictOldestOf(victim(byChars, connIndex));
        else break;
      }
      if (ringCount() === capacity) grow();
      const slot = slotOf(endId);
      cols.connIndex[slot] = connIndex;
      cols.seq[slot] = entry.seq;
      cols.time[slot] = entry.time;
      cols.size[slot] = entry.size;
      cols.flags[slot] = packFlags(entry);
      cols.data[slot] = entry.data;
      cols.event[slot] = entry.event;
      cols.lastEventId[slot] = entry.lastEventId;
      cols.http[slot] = entry.http;
      cols.intercept[slot] = entry.intercept;
      retainedBytes += cost;
      return endId++;
    },

    rewriteData(id, data) {
      if (!has(id)) return;
      let before: string;
      let connIndex: number;
      if (id >= firstId) {
        const slot = slotOf(id);
        before = cols.data[slot]!;
        connIndex = cols.connIndex[slot]!;
        cols.data[slot] = data;
      } else {
        const entry = pinnedAt(id);
        before = entry.data;
        connIndex = connOf(entry);
        entry.data = data;
      }
      recharge(connIndex, data.length - before.length);
    },

    rewriteIntercept(id, intercept) {
      if (!has(id)) return;
      let before: Intercept | undefined;
      let connIndex: number;
      if (id >= firstId) {
        const slot = slotOf(id);
        before = cols.intercept[slot];
        connIndex = cols.connIndex[slot]!;
        cols.intercept[slot] = intercept;
      } else {
        const entry = pinnedAt(id);
        before = entry.intercept;
        connIndex = connOf(entry);
        entry.intercept = intercept;
      }
      recharge(connIndex, interceptChars(intercept) - interceptChars(before));
    },

    has,

    get(id) {
      if (Number.isInteger(id) && id >= firstId && id < endId) return entryAt(slotOf(id));
      return { ...pinnedAt(id) };
    },

    // One comparison with `firstId` per call is what pinned messages cost the ring's scans.
    connIndexAt: (id) => (id >= firstId ? cols.connIndex[slotOf(id)]! : pinnedAt(id).connIndex),
    timeAt: (id) => (id >= firstId ? cols.time[slotOf(id)]! : pinnedAt(id).time),
    sizeAt: (id) => (id >= firstId ? cols.size[slotOf(id)]! : pinnedAt(id).size),
    kindAt: (id) => (id >= firstId ? KINDS[flagsAt(id) & KIND_MASK]! : pinnedAt(id).kind),
    dirAt: (id) => (id >= firstId ? (DIRS[(flagsAt(id) >> DIR_SHIFT) & 3] ?? null) : pinnedAt(id).dir),
    opcodeAt: (id) => (id >= firstId ? (flagsAt(id) & BINARY_BIT ? 'binary' : 'text') : pinnedAt(id).opcode),
    dataAt: (id) => (id >= firstId ? cols.data[slotOf(id)]! : pinnedAt(id).data),
    eventAt: (id) => (id >= firstId ? cols.event[slotOf(id)] : pinnedAt(id).event),
    interceptAt: (id) => (id >= firstId ? cols.intercept[slotOf(id)] : pinnedAt(id).intercept),

    pinnedIds: pinnedIdList,

    forEachRetained(fn, from = 0) {
      const end = endId;
      if (from < firstId && pinned.size > 0) {
        const ids = pinnedIdList();
        let i = ids.length;
        while (i > 0 && ids[i - 1]! >= from) i--;
        for (; i < ids.length; i++) fn(ids[i]!);
      }
      for (let id = Math.max(from, firstId); id < end; id++) fn(id);
    },

    retainedFramesOf: (connIndex) => shares[connIndex >>> 0]?.frames ?? 0,

    get budget() {
      return budget;
    },

    setBudget(next) {
      budget = normalized(next);
      // As in append, the newest message stays even alone over the byte budget. It stays the
      // ring's last: pinning stops at the message evicted, which is older.
      while (count() > 0) {
        const newestConn = cols.connIndex[slotOf(endId - 1)]!;
        if (count() > budget.maxMessages) evictOldestOf(victim(byMessages, newestConn));
        else if (count() > 1 && retainedBytes > budget.maxBytes) evictOldestOf(victim(byChars, newestConn));
        else break;
      }
      // A ring bigger than the new count budget would hold on to memory it may no longer use.
      if (capacity > budget.maxMessages) copyInto(allocate(budget.maxMessages), ringCount());
    },

    clear() {
      capacity = Math.min(INITIAL_CAPACITY, budget.maxMessages);
      cols = allocate(capacity);
      head = 0;
      firstId = endId;
      retainedBytes = 0;
      dropped = 0;
      if (pinned.size > 0) pinnedVersion++;
      pinned.clear();
      pinnedIds = NO_IDS;
      shares.length = 0;
      stale.length = 0;
      byMessages.heap.clear();
      byChars.heap.clear();
    },
  };
}
