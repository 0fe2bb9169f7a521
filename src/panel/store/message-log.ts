/**
 * The panel's append-only, bounded log of messages (frames, lifecycle rows and gaps).
 *
 * Built for a million retained messages: one typed array (or one plain array for strings) per
 * field, used as a ring, so a message costs about 50 bytes plus its payload string and no object
 * of its own. Every message gets a monotonic id (`firstId <= id < endId` are retained); ids never
 * get reused, so a selection that pointed at an evicted or cleared message simply stops resolving.
 *
 * Two budgets bound it: a message count and retained payload characters (what the panel really
 * holds: text as is, binary as base64). Going over either evicts the oldest messages and counts
 * them in `dropped`, so the panel can say honestly what it no longer has.
 */
import type { Direction, FrameVia, Opcode } from '../../shared/protocol';

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
  /** EventSource frames only. */
  event: string | undefined;
  lastEventId: string | undefined;
}

export interface LogBudget {
  maxMessages: number;
  /** Retained payload characters (≈ bytes for ASCII and base64). */
  maxBytes: number;
}

export interface MessageLog {
  /** The oldest retained id. */
  readonly firstId: number;
  /** One past the newest id. */
  readonly endId: number;
  readonly retainedBytes: number;
  /** Messages evicted by a budget since the last clear. */
  readonly dropped: number;
  append(entry: LogEntry): number;
  has(id: number): boolean;
  /** Materializes one message; only for the few rows on screen and the details pane. */
  get(id: number): LogEntry;
  /** Allocation-free access to one field, for index scans over the whole log (filters). */
  connIndexAt(id: number): number;
  kindAt(id: number): RowKind;
  dirAt(id: number): Direction | null;
  opcodeAt(id: number): Opcode;
  dataAt(id: number): string;
  eventAt(id: number): string | undefined;
  readonly budget: LogBudget;
  /** Applies new budgets now: a smaller one evicts (and counts) the oldest messages at once. */
  setBudget(budget: LogBudget): void;
  clear(): void;
}

const INITIAL_CAPACITY = 1024;

const KINDS: readonly RowKind[] = ['frame', 'open', 'close', 'error', 'gap'];
const DIRS: readonly (Direction | null)[] = [null, 'out', 'in'];
const VIAS: readonly FrameVia[] = ['page', 'panel', 'inject'];

// Two bytes of flags per message: kind (3 bits), direction (2), via (2), binary (1), truncated (1).
const KIND_MASK = 7;
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
  };
}

const normalized = (b: LogBudget): LogBudget => ({
  maxMessages: Math.max(1, Math.floor(b.maxMessages)),
  maxBytes: Math.max(0, b.maxBytes),
});

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

  const slotOf = (id: number): number => (head + (id - firstId)) % capacity;
  const count = (): number => endId - firstId;
  const has = (id: number): boolean => Number.isInteger(id) && id >= firstId && id < endId;
  const flagsAt = (id: number): number => cols.flags[slotOf(id)]!;

  /** Grows by doubling up to the count budget, unrolling the ring so that `head` is 0 again. */
  function grow(): void {
    copyInto(allocate(Math.min(capacity * 2, budget.maxMessages)), count());
  }

  /** Moves the `n` retained messages to the start of `next`, which becomes the ring. */
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
    }
    cols = next;
    capacity = next.flags.length;
    head = 0;
  }

  function evictOldest(): void {
    const slot = head;
    retainedBytes -= cols.data[slot]!.length;
    // Let the strings go now; the ring slot is overwritten only later.
    cols.data[slot] = '';
    cols.event[slot] = undefined;
    cols.lastEventId[slot] = undefined;
    head = (head + 1) % capacity;
    firstId++;
    dropped++;
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

    append(entry) {
      const cost = entry.data.length;
      // The newest message is always kept, even alone over the byte budget: it is what the user
      // is looking at, and the size column still tells how big it was.
      while (count() > 0 && (count() >= budget.maxMessages || retainedBytes + cost > budget.maxBytes)) evictOldest();
      if (count() === capacity) grow();
      const slot = slotOf(endId);
      cols.connIndex[slot] = entry.connIndex;
      cols.seq[slot] = entry.seq;
      cols.time[slot] = entry.time;
      cols.size[slot] = entry.size;
      cols.flags[slot] = packFlags(entry);
      cols.data[slot] = entry.data;
      cols.event[slot] = entry.event;
      cols.lastEventId[slot] = entry.lastEventId;
      retainedBytes += cost;
      return endId++;
    },

    has,

    get(id) {
      if (!has(id)) throw new RangeError(`message ${id} is not retained`);
      const slot = slotOf(id);
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
      };
    },

    connIndexAt(id) {
      return cols.connIndex[slotOf(id)]!;
    },
    kindAt: (id) => KINDS[flagsAt(id) & KIND_MASK]!,
    dirAt: (id) => DIRS[(flagsAt(id) >> DIR_SHIFT) & 3] ?? null,
    opcodeAt: (id) => (flagsAt(id) & BINARY_BIT ? 'binary' : 'text'),
    dataAt: (id) => cols.data[slotOf(id)]!,
    eventAt: (id) => cols.event[slotOf(id)],

    get budget() {
      return budget;
    },

    setBudget(next) {
      budget = normalized(next);
      // As in append, the newest message stays even alone over the byte budget.
      while (count() > budget.maxMessages || (count() > 1 && retainedBytes > budget.maxBytes)) evictOldest();
      // A ring bigger than the new count budget would hold on to memory it may no longer use.
      if (capacity > budget.maxMessages) copyInto(allocate(budget.maxMessages), count());
    },

    clear() {
      capacity = Math.min(INITIAL_CAPACITY, budget.maxMessages);
      cols = allocate(capacity);
      head = 0;
      firstId = endId;
      retainedBytes = 0;
      dropped = 0;
    },
  };
}
