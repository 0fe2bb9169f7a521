/**
 * The one reducer: every captured event changes the store here, one batch at a time, inside
 * `batch()`, so the UI renders once per batch whatever its size.
 */
import { batch } from '@preact/signals';
import { WORKER_FRAME_ID, type ConnId, type FrameEvent, type FrameOrigin, type HookEvent, type PanelEvents, type WorkerClientEvent } from '../../shared/protocol';
import type { ConnState, Connection } from './connection';
import { describeClose, describeError, describeGap, describeOpen } from './lifecycle-text';
import type { LogEntry } from './message-log';
import { createSeqTracker } from './seq-tracker';
import { noteSharedWorkerClient } from './worker-clients';
import { interceptOf } from './intercept';
import { addMatches, applyRelease, forgetHoldsOf, noteRuleFrame, type MatchTally } from './intercepts';
import type { ConnTrack, Store } from './store';

/** One frame's events, as the transport parsed and checked them. */
export function applyPanelMessage(store: Store, message: PanelEvents): void {
  store.tabUnreachable.value = false;
  applyEvents(store, message.origin, message.events);
}

export function applyEvents(store: Store, origin: FrameOrigin, events: readonly HookEvent[]): void {
  if (events.length === 0) return;
  const fromPreviousPage = store.page.previousDocuments.has(origin.documentId);
  // Late events of a document the tab navigated away from: without Preserve log its connections
  // were cleared, and these must not bring them back.
  if (fromPreviousPage && !store.preserveLog.peek()) return;
  // Paused: connections keep their true state and totals, but no row is added (see Toolbar).
  const recording = store.recording.peek();
  batch(() => {
    const draft = connectionDraft(store.connections.value);
    const endBefore = store.log.endId;
    let missedDelta = 0;
    let rewritten = false;
    const matches: MatchTally = new Map();
    for (const event of events) {
      if (event.type === 'worker-client') {
        noteSharedWorkerClient(store, event);
        continue;
      }
      const track = trackOf(store, event.conn);
      const missedBefore = track.seq.missed;
      const lastBefore = track.seq.last;
      if (!track.seq.accept(event.seq)) continue;
      missedDelta += track.seq.missed - missedBefore;
      const conn = draft.edit(event.conn) ?? draft.add(newConnection(event, track.index, origin, fromPreviousPage));
      const row = applyToConnection(track, conn, event, origin);
      if (event.seq <= lastBefore) rewritten = refreshGapRow(store, track, event.seq) || rewritten;
      let rowId: number | null = null;
      if (recording) {
        if (event.seq > lastBefore + 1) addGapRow(store, track, lastBefore + 1, event.seq - 1, event.time);
        if (row) rowId = store.log.append(row);
      }
      // Rules and holds follow the page whether or not capture records rows.
      if (event.type === 'frame') noteRuleFrame(store, origin, event, rowId, matches);
      else if (event.type === 'release') rewritten = applyRelease(store, event) || rewritten;
      else if (event.type === 'close') forgetHoldsOf(store, event.conn);
    }
    const next = draft.result();
    if (next) store.connections.value = next;
    if (missedDelta !== 0) store.missed.value += missedDelta;
    addMatches(store, matches);
    if (store.log.endId !== endBefore || rewritten) store.revision.value++;
  });
}

/** Enough for any real page; beyond it the oldest gap rows keep the text they have. */
const MAX_GAP_ROWS = 256;

/**
 * Where sequence numbers jump, events of the connection never reached the panel (a budget on
 * the way kept the newest, or they were lost while the extension restarted): the grid shows the
 * hole as a row of its own, with how many and which.
 */
function addGapRow(store: Store, track: ConnTrack, from: number, to: number, time: number): void {
  const id = store.log.append({
    connIndex: track.index,
    seq: from,
    time,
    kind: 'gap',
    dir: null,
    via: 'page',
    opcode: 'text',
    truncated: false,
    size: 0,
    data: describeGap(from, to, to - from + 1),
    event: undefined,
    lastEventId: undefined,
  });
  track.gapRows.push({ id, from, to });
  if (track.gapRows.length > MAX_GAP_ROWS) track.gapRows.shift();
}

/** A late event filled part of a gap: its row says what is still missing. True if a row changed. */
function refreshGapRow(store: Store, track: ConnTrack, seq: number): boolean {
  const at = track.gapRows.findIndex((g) => g.from <= seq && seq <= g.to);
  if (at < 0) return false;
  const gap = track.gapRows[at]!;
  const missing = track.seq.missingIn(gap.from, gap.to);
  store.log.rewriteData(gap.id, describeGap(gap.from, gap.to, missing));
  if (missing === 0) track.gapRows.splice(at, 1);
  return true;
}

function trackOf(store: Store, conn: ConnId): ConnTrack {
  let track = store.tracks.get(conn);
  if (!track) {
    track = { index: store.tracks.size, seq: createSeqTracker(), stateSeq: -1, gapRows: [] };
    store.tracks.set(conn, track);
  }
  return track;
}

/**
 * Updates the connection (a copy private to this batch) and returns the grid row the event
 * makes, if any.
 */
function applyToConnection(track: ConnTrack, c: Connection, event: Exclude<HookEvent, WorkerClientEvent>, origin: FrameOrigin): LogEntry | null {
  const lifecycleRow = (kind: LogEntry['kind'], data: string): LogEntry => ({
    connIndex: track.index,
    seq: event.seq,
    time: event.time,
    kind,
    dir: null,
    via: 'page',
    opcode: 'text',
    truncated: false,
    size: 0,
    data,
    event: undefined,
    lastEventId: undefined,
  });
  // Events normally arrive in order; one that fills a gap late must not rewind the state.
  const setState = (state: ConnState): boolean => {
    if (event.seq < track.stateSeq) return false;
    track.stateSeq = event.seq;
    c.state = state;
    return true;
  };

  switch (event.type) {
    case 'create':
      Object.assign(c, describeCreate(event, origin));
      return null;
    case 'open':
      setState({ phase: 'open' });
      c.protocol = event.protocol;
      c.extensions = event.extensions;
      if (c.http && event.status !== undefined) c.http = { ...c.http, status: event.status };
      return lifecycleRow('open', describeOpen(event));
    case 'close': {
      const { code, reason, wasClean, initiator } = event;
      if (setState({ phase: 'closed', code, reason, wasClean, initiator })) c.endTime = event.time;
      return lifecycleRow('close', describeClose(event));
    }
    case 'error': {
      // EventSource retries by itself after an error unless the failure is final; a WebSocket
      // error is always followed by its close event.
      const final = !event.reconnecting && c.kind === 'sse';
      if (setState(event.reconnecting ? { phase: 'connecting', reconnecting: true } : { phase: 'error' }) && final) {
        c.endTime = event.time;
      }
      return lifecycleRow('error', describeError(event));
    }
    case 'release':
      // Its paused message's row says how it went (intercepts.ts); the connection is unchanged.
      return null;
    case 'frame':
      if (c.kind === 'unknown') c.kind = event.event === undefined ? 'ws' : 'sse';
      countFrame(c, event);
      return {
        connIndex: track.index,
        seq: event.seq,
        time: event.time,
        kind: 'frame',
        dir: event.dir,
        via: event.via,
        opcode: event.opcode,
        truncated: event.truncated,
        size: event.size,
        data: event.data,
        event: event.event,
        lastEventId: event.lastEventId,
        http: event.method ?? (event.status === undefined ? undefined : String(event.status)),
        intercept: interceptOf(event),
      };
  }
}

/**
 * The hook's running totals make the counts true whatever was dropped before the panel; a frame
 * without them (an imported file) is counted as it comes. A late frame filling a gap carries
 * smaller totals than those already known, which stand.
 */
function countFrame(c: Connection, frame: FrameEvent): void {
  const incoming = frame.dir === 'in';
  const messages = frame.totalMessages ?? (incoming ? c.messagesIn : c.messagesOut) + 1;
  const bytes = frame.totalBytes ?? (incoming ? c.bytesIn : c.bytesOut) + frame.size;
  if (incoming) {
    c.messagesIn = Math.max(c.messagesIn, messages);
    c.bytesIn = Math.max(c.bytesIn, bytes);
  } else {
    c.messagesOut = Math.max(c.messagesOut, messages);
    c.bytesOut = Math.max(c.bytesOut, bytes);
  }
}

function describeCreate(event: Extract<HookEvent, { type: 'create' }>, origin: FrameOrigin): Partial<Connection> {
  const { api, method, framing, requestTime, intervalMs } = event;
  return {
    // A page's hook could claim any worker, and so a connection the panel would not act on.
    worker: origin.frameId === WORKER_FRAME_ID ? event.worker : undefined,
    kind: event.kind,
    url: event.url,
    frameUrl: event.frameUrl,
    requestedProtocols: event.protocols,
    // A stream began with its request, before the response that made it one.
    startTime: requestTime ?? event.time,
    http: api && method && framing ? { api, method, framing, intervalMs } : undefined,
  };
}

/**
 * The backlogs keep every connection's `create`, so it normally comes first; a stream that starts
 * later anyway (untrusted input) still gets a connection, with what can be known: a frame means
 * it was open.
 */
function newConnection(event: HookEvent, index: number, origin: FrameOrigin, previousPage: boolean): Connection {
  const base: Connection = {
    id: event.conn,
    index,
    kind: 'unknown',
    url: '',
    frameUrl: '',
    frameId: origin.frameId,
    documentId: origin.documentId,
    requestedProtocols: [],
    protocol: '',
    extensions: '',
    state: event.type === 'frame' ? { phase: 'open' } : { phase: 'connecting', reconnecting: false },
    messagesIn: 0,
    messagesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    messagesCleared: 0,
    startTime: event.time,
    endTime: null,
    previousPage,
  };
  return event.type === 'create' ? { ...base, ...describeCreate(event, origin) } : base;
}

/**
 * Copy-on-write over the connection list: each connection a batch touches is copied once, and the
 * list once, so the UI sees new objects exactly where something changed.
 */
function connectionDraft(current: readonly Connection[]) {
  let list: Connection[] | null = null;
  let positions: Map<ConnId, number> | null = null;
  const copies = new Set<Connection>();
  const ensure = (): { list: Connection[]; positions: Map<ConnId, number> } => {
    list ??= current.slice();
    positions ??= new Map(current.map((c, i) => [c.id, i]));
    return { list, positions };
  };

  return {
    edit(id: ConnId): Connection | undefined {
      const { list, positions } = ensure();
      const at = positions.get(id);
      if (at === undefined) return undefined;
      let c = list[at]!;
      if (!copies.has(c)) {
        c = { ...c };
        list[at] = c;
        copies.add(c);
      }
      return c;
    },
    add(c: Connection): Connection {
      const { list, positions } = ensure();
      positions.set(c.id, list.length);
      list.push(c);
      copies.add(c);
      return c;
    },
    result(): readonly Connection[] | null {
      return list;
    },
  };
}
