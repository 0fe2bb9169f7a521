/**
 * The panel's state: signals over one bounded message log. `applyEvents` (apply-events.ts) is the
 * only writer of captured data; the UI writes only selections, and `clearStore`.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { ConnId } from '../../shared/protocol';
import { isFinished, type Connection } from './connection';
import type { TimeMode } from '../grid/columns';
import { buildMessageFilter, isFilterActive, NO_FILTER, type ConnectionFacts, type ExtraText, type FilterSpec, type HeartbeatTest } from '../filter/filter';
import { createMessageLog, type LogBudget, type MessageLog } from './message-log';
import { createIncrementalIndex, wholeLogView, type IncrementalIndex, type MessageView } from './message-view';
import type { SeqTracker } from './seq-tracker';
import type { PausedMessage } from './intercepts';
import type { WorkersState } from '../transport';

/** Sized for a busy page on a developer machine; the settings change them. */
export const DEFAULT_BUDGET: LogBudget = { maxMessages: 1_000_000, maxBytes: 256 * 1024 * 1024 };

/** What the store remembers of every connection it ever saw, even after a Clear removed it. */
export interface ConnTrack {
  index: number;
  seq: SeqTracker;
  /** Seq of the lifecycle event that set the state, so that a late gap fill cannot rewind it. */
  stateSeq: number;
  /** The grid rows that show its gaps, until what they miss arrives (a replay can bring it). */
  gapRows: GapRow[];
}

interface GapRow {
  /** The log id of the row. */
  id: number;
  from: number;
  to: number;
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
  /** The service worker found no Frametap content script in the tab; anything the tab sends clears it. */
  readonly tabUnreachable: Signal<boolean>;
  /** null: all connections. */
  readonly selectedConnId: Signal<ConnId | null>;
  /**
   * What a selected connection shows the messages of: those of every connection with its key.
   * One each by default; the protocol features make a Socket.IO session's polling channel and
   * WebSocket share one. Asked per message, so it must be cheap.
   */
  readonly scopeKeyOf: Signal<(connIndex: number) => string>;
  /** A message id of the log; it stops resolving once the message is evicted or cleared. */
  readonly selectedMessageId: Signal<number | null>;
  /** The messages of the selected connection (or all), before the filter bar's filter. */
  readonly scopeView: ReadonlySignal<MessageView>;
  /** What the grid shows: `scopeView` through the filter. */
  readonly view: ReadonlySignal<MessageView>;
  readonly filter: Signal<FilterSpec>;
  /**
   * More searchable text per message for the text filter (a protocol decoder's summary, say).
   * Replace the array to add one: the filter is rebuilt when it changes.
   */
  readonly searchExtras: Signal<readonly ExtraText[]>;
  /**
   * Tells heartbeat frames for the filter's Hide heartbeats: the protocol decoders know them, so
   * until they plug in (null) there are none. Replace the function to rebuild the filter.
   */
  readonly heartbeats: Signal<HeartbeatTest | null>;
  /** false while capture is paused: events still update connections, but add no rows. */
  readonly recording: Signal<boolean>;
  /** Keep connections and messages across navigations of the tab (else they are cleared). */
  readonly preserveLog: Signal<boolean>;
  /** The grid's time column: wall clock (to the ms or µs), since the connection started, or since the previous row. */
  readonly timeMode: Signal<TimeMode>;
  /** The log's budgets; change them with `setBudget`. */
  readonly budget: Signal<LogBudget>;
  /** What the panel knows of the tab's documents, for telling navigations apart (navigation.ts). */
  readonly page: PageTrack;
  /** By connection id; kept across Clear so that a backlog replay cannot bring cleared rows back. */
  readonly tracks: Map<ConnId, ConnTrack>;
  /** The URL of the tab's top document, once the service worker said: its origin keys the intercept rules. */
  readonly topUrl: Signal<string | null>;
  /** How many messages each intercept rule acted on, by rule id, since the last Clear. */
  readonly ruleMatches: Signal<ReadonlyMap<string, number>>;
  /** Respond rules the hook stopped because they answered in a loop, by id, until the rules pane disables them. */
  readonly loopedRules: Signal<readonly string[]>;
  /** Messages a Pause rule holds in the page, oldest first (intercepts.ts). */
  readonly paused: Signal<readonly PausedMessage[]>;
  /** Whether the tab's workers are watched through Chrome's debugger, as the service worker last said. */
  readonly workers: Signal<WorkersState>;
  /** The documents of the tab that connected to each shared worker (store/worker-clients.ts). */
  readonly sharedWorkerClients: Signal<ReadonlyMap<string, readonly string[]>>;
}

export interface PageTrack {
  /** The top frame's current document, once known. */
  topDocument: string | null;
  /** Documents the tab navigated away from: their late events are recognised as such. */
  readonly previousDocuments: Set<string>;
  /**
   * The documents (top and frames) left with each top document, so that a page the back/forward
   * cache restores becomes current again, frames and all.
   */
  readonly documentsLeftWith: Map<string, Set<string>>;
}

export function createStore(initialBudget: Partial<LogBudget> = {}): Store {
  const log = createMessageLog({ ...DEFAULT_BUDGET, ...initialBudget });
  const revision = signal(0);
  const connections = signal<readonly Connection[]>([]);
  const selectedConnId = signal<ConnId | null>(null);
  const filter = signal<FilterSpec>(NO_FILTER);
  const searchExtras = signal<readonly ExtraText[]>([]);
  const heartbeats = signal<HeartbeatTest | null>(null);
  const tracks = new Map<ConnId, ConnTrack>();
  const scopeKeyOf = signal<(connIndex: number) => string>((connIndex) => `#${connIndex}`);
  /** The selected connection's scope key, or null for all connections. */
  const selectedKey = (): string | null => {
    const selected = selectedConnId.value;
    const connIndex = selected === null ? undefined : tracks.get(selected)?.index;
    return connIndex === undefined ? null : scopeKeyOf.value(connIndex);
  };
  const inScopeOf = (key: string): ((id: number) => boolean) => {
    const keyOf = scopeKeyOf.peek();
    return (id) => keyOf(log.connIndexAt(id)) === key;
  };

  // The log is mutable, not a signal: computeds over it read `revision` to depend on it. Each
  // index lives across recomputations (that is what makes it incremental); another selection or
  // filter starts a new one, with one scan of the log.
  let scopeIndex: { key: string; index: IncrementalIndex } | null = null;
  const scopeView = computed((): MessageView => {
    void revision.value;
    const key = selectedKey();
    if (key === null) return wholeLogView(log);
    if (scopeIndex?.key !== key) scopeIndex = { key, index: createIncrementalIndex(log, inScopeOf(key)) };
    return scopeIndex.index.update();
  });

  interface FilterIndex {
    key: string | null;
    spec: FilterSpec;
    extras: readonly ExtraText[];
    isHeartbeat: HeartbeatTest | null;
    /** null: the filter keeps everything in scope (an invalid regex alone). */
    index: IncrementalIndex | null;
  }
  let filterIndex: FilterIndex | null = null;
  // Peeked, not read: a filter must not be rebuilt each time a connection's totals change.
  const factsOf: ConnectionFacts = (connIndex) => connections.peek().find((c) => c.index === connIndex);
  const view = computed((): MessageView => {
    const scope = scopeView.value;
    const key = selectedKey();
    const spec = filter.value;
    const extras = searchExtras.value;
    const isHeartbeat = heartbeats.value;
    if (!isFilterActive(spec)) return scope;
    if (
      filterIndex?.key !== key ||
      filterIndex.spec !== spec ||
      filterIndex.extras !== extras ||
      filterIndex.isHeartbeat !== isHeartbeat
    ) {
      const matches = buildMessageFilter(log, spec, extras, isHeartbeat, factsOf);
      const scoped = key === null ? null : inScopeOf(key);
      const inScope = matches && scoped ? (id: number) => scoped(id) && matches(id) : matches;
      filterIndex = { key, spec, extras, isHeartbeat, index: inScope && createIncrementalIndex(log, inScope) };
    }
    return filterIndex.index?.update() ?? scope;
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
    tabUnreachable: signal(false),
    selectedConnId,
    scopeKeyOf,
    selectedMessageId: signal(null),
    scopeView,
    view,
    filter,
    searchExtras,
    heartbeats,
    recording: signal(true),
    preserveLog: signal(false),
    timeMode: signal<TimeMode>('clock'),
    budget: signal(log.budget),
    page: { topDocument: null, previousDocuments: new Set(), documentsLeftWith: new Map() },
    tracks,
    topUrl: signal(null),
    ruleMatches: signal(new Map()),
    loopedRules: signal([]),
    paused: signal([]),
    workers: signal({ on: false }),
    sharedWorkerClients: signal(new Map()),
  };
}

/** New budgets, applied at once: a smaller one drops (and counts) the oldest messages now. */
export function setBudget(store: Store, budget: LogBudget): void {
  batch(() => {
    store.log.setBudget(budget);
    store.budget.value = store.log.budget;
    store.revision.value++;
  });
}

/**
 * The toolbar's Clear: forgets every message and every finished connection, and zeroes the
 * notices and the rules' match counts (paused messages stay held, and queued). Live connections stay (their totals too); what a backlog replays later is still
 * recognised as already seen.
 */
export function clearStore(store: Store): void {
  batch(() => {
    store.log.clear();
    for (const track of store.tracks.values()) track.seq.forgetGaps();
    store.connections.value = store.connections.value
      .filter((c) => !isFinished(c))
      .map((c) => ({ ...c, messagesCleared: c.messagesIn + c.messagesOut }));
    const selected = store.selectedConnId.value;
    if (selected !== null && !store.connections.value.some((c) => c.id === selected)) store.selectedConnId.value = null;
    store.selectedMessageId.value = null;
    store.missed.value = 0;
    store.ruleMatches.value = new Map();
    store.revision.value++;
  });
}
