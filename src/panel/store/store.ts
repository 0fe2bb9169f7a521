/**
 * The panel's state: signals over one bounded message log. `applyEvents` (apply-events.ts) is the
 * only writer of captured data; the UI writes only selections, and `clearStore`.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { ConnId } from '../../shared/protocol';
import { isFinished, type Connection } from './connection';
import { createMessageLog, type LogBudget, type MessageLog } from './message-log';
import { createIncrementalIndex, wholeLogView, type IncrementalIndex, type MessageView } from './message-view';
import type { SeqTracker } from './seq-tracker';

/** Sized for a busy page on a developer machine (issue 3 makes them settable). */
export const DEFAULT_BUDGET: LogBudget = { maxMessages: 1_000_000, maxBytes: 256 * 1024 * 1024 };

/** What the store remembers of every connection it ever saw, even after a Clear removed it. */
export interface ConnTrack {
  index: number;
  seq: SeqTracker;
  /** Seq of the lifecycle event that set the state, so that a late gap fill cannot rewind it. */
  stateSeq: number;
}

export interface Store {
  /** Mutable; `revision` changes whenever it does. */
  readonly log: MessageLog;
  readonly revision: Signal<number>;
  /** In order of first appearance: newest last. */
  readonly connections: Signal<readonly Connection[]>;
  readonly connectionsByIndex: ReadonlySignal<ReadonlyMap<number, Connection>>;
  /** Messages the budgets evicted since the last Clear. */
  readonly dropped: ReadonlySignal<number>;
  /**
   * Events that sequence gaps show never reached the panel. The hook and the backlogs keep every
   * connection's first and latest event, so every drop on the way shows up here.
   */
  readonly missed: Signal<number>;
  /** null: all connections. */
  readonly selectedConnId: Signal<ConnId | null>;
  /** A message id of the log; it stops resolving once the message is evicted or cleared. */
  readonly selectedMessageId: Signal<number | null>;
  readonly view: ReadonlySignal<MessageView>;
  /** By connection id; kept across Clear so that a backlog replay cannot bring cleared rows back. */
  readonly tracks: Map<ConnId, ConnTrack>;
}

export function createStore(budget: Partial<LogBudget> = {}): Store {
  const log = createMessageLog({ ...DEFAULT_BUDGET, ...budget });
  const revision = signal(0);
  const connections = signal<readonly Connection[]>([]);
  const selectedConnId = signal<ConnId | null>(null);
  const tracks = new Map<ConnId, ConnTrack>();

  // The log is mutable, not a signal: computeds over it read `revision` to depend on it.
  let index: { connIndex: number; index: IncrementalIndex } | null = null;
  const view = computed((): MessageView => {
    void revision.value;
    const selected = selectedConnId.value;
    const track = selected === null ? undefined : tracks.get(selected);
    if (track === undefined) return wholeLogView(log);
    // The index lives across recomputations (that is what makes it incremental); a different
    // selection starts a new one.
    if (index?.connIndex !== track.index) {
      const wanted = track.index;
      index = { connIndex: wanted, index: createIncrementalIndex(log, (id) => log.connIndexAt(id) === wanted) };
    }
    return index.index.update();
  });

  return {
    log,
    revision,
    connections,
    connectionsByIndex: computed(() => new Map(connections.value.map((c) => [c.index, c]))),
    dropped: computed(() => {
      void revision.value;
      return log.dropped;
    }),
    missed: signal(0),
    selectedConnId,
    selectedMessageId: signal(null),
    view,
    tracks,
  };
}

/**
 * The toolbar's Clear: forgets every message and every finished connection, and zeroes the
 * notices. Live connections stay (their totals too); what a backlog replays later is still
 * recognised as already seen.
 */
export function clearStore(store: Store): void {
  batch(() => {
    store.log.clear();
    for (const track of store.tracks.values()) track.seq.forgetGaps();
    store.connections.value = store.connections.value.filter((c) => !isFinished(c));
    const selected = store.selectedConnId.value;
    if (selected !== null && !store.connections.value.some((c) => c.id === selected)) store.selectedConnId.value = null;
    store.selectedMessageId.value = null;
    store.missed.value = 0;
    store.revision.value++;
  });
}
