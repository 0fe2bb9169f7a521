/**
 * The panel's protocol decoding over the store's message log: per connection a decoder (detected
 * or chosen by the user), the decoded result of each frame, and the request/response index.
 *
 * Work is driven by reads: whoever asks (the rows on screen, the details pane, the filter) first
 * lets the tracker catch up with the log, decoding the frames appended since it last did, in
 * order, since decoders keep state across frames (Socket.IO attachments, MQTT aliases, names by
 * id). Connections without a protocol cost one lookup per frame. Results are kept for the most
 * recent frames only; an older one asked for again is decoded anew, on its own or, when it
 * continues a message begun in earlier frames (MQTT packets span frames), from the frame where
 * that message began. Which frames are heartbeats, and which hold parts of which message, is kept
 * for every retained frame: the filter asks the first of a million, a part far back the second.
 *
 * Correlations are scoped to a connection's transport session (src/panel/session): a Socket.IO
 * emit sent over polling pairs with its ack received over the WebSocket the session upgraded to.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { createDecoder, SNIFF_FRAMES, type Decoded, type DecodeResult, type DecoderFrame, type FrameDecoder, type ProtocolId } from '../../decode';
import { createRecentMap } from '../../decode/recent-names';
import type { Connection } from '../store/connection';
import type { Store } from '../store/store';
import { decideProtocol, UNDECIDED, type ProtocolChoice, type ProtocolDecision } from './connection-protocol';
import { createCorrelationIndex, type CorrelationLink } from './correlation-index';
import { createFragmentLinks, type PartOf } from './fragment-links';
import { createSessionIndex } from '../session/session-index';
import type { TransportSession } from '../session/session-key';

/** Decoded frames kept: far more than a screen, few enough that their payloads stay small. */
const MAX_CACHED_RESULTS = 2_000;
/** Above this many characters a frame's decoded payloads are not kept (the raw payload shows them). */
export const MAX_CACHED_PAYLOAD_CHARS = 64 * 1024;
/** Heartbeat ids kept before the evicted ones are looked for and forgotten. */
const MIN_HEARTBEATS_BEFORE_PRUNING = 4096;

/** A frame's decode, and for a frame that holds part of a message, the message once complete. */
export type TrackedResult = DecodeResult & { partOf?: PartOf & { message?: Decoded } };

export interface ProtocolTracker {
  /** The user's choices by connection index ('auto' when absent). */
  readonly choices: ReadonlySignal<ReadonlyMap<number, ProtocolChoice>>;
  setChoice(connIndex: number, choice: ProtocolChoice): void;
  /** What decodes a connection now. */
  decisionOf(connIndex: number): ProtocolDecision;
  /**
   * The decoded frame, or null when it is not a frame of a connection with a protocol. `whole`:
   * with the payload of a large message reassembled across frames, decoding it anew if need be
   * (the details pane's read; the grid's needs no payload).
   */
  decodedAt(id: number, whole?: boolean): TrackedResult | null;
  linksOf(id: number): readonly CorrelationLink[];
  /** The frames the first message of `id` was reassembled from, `id` last; empty when it lies within `id`. */
  partsOf(id: number): readonly number[];
  /** Whether the frame decoded to heartbeats only (pings, pongs, keep-alives). O(1). */
  isHeartbeat(id: number): boolean;
  /** The transport session a connection is part of, once known. */
  sessionOf(connIndex: number): TransportSession | null;
  /**
   * What a connection's messages are shown and paired with: its session's key, or its own. Equal
   * for the transports of one session; changes once, when a polling channel's session is learnt.
   */
  scopeKeyOf(connIndex: number): string;
}

interface ConnDecoding {
  decision: ProtocolDecision;
  decoder: FrameDecoder | null;
  /** While detection by content may still change its mind: the frames it has read, to decode again. */
  sniffed: number[] | null;
}

const onlyHeartbeats = (result: DecodeResult): boolean =>
  result.ok && result.messages.length > 0 && result.messages.every((message) => message.heartbeat === true);

/** Results kept whole although their payloads are over the limit, because they came from several frames. */
const MAX_WHOLE_REASSEMBLED = 8;

/** The characters a result's payloads may hold: its frame's, and those of what was reassembled into it. */
const payloadChars = (result: DecodeResult, frameChars: number): number =>
  result.ok ? result.messages.reduce((chars, message) => chars + (message.bytes ?? 0), frameChars) : 0;

/** Keeps what a result says, without payloads too large to hold twice. */
function retained(result: DecodeResult, chars: number): DecodeResult {
  if (!result.ok || chars <= MAX_CACHED_PAYLOAD_CHARS) return result;
  return { ...result, messages: result.messages.map(({ payload: _payload, ...message }) => message) };
}

export function createProtocolTracker(store: Store): ProtocolTracker {
  const { log } = store;
  const connections = new Map<number, ConnDecoding>();
  const choices = signal<ReadonlyMap<number, ProtocolChoice>>(new Map());
  const results = createRecentMap<number, DecodeResult>(MAX_CACHED_RESULTS);
  // A large message reassembled across frames shows its payload nowhere else: the last few are
  // kept whole, and the details pane has an older one decoded anew.
  const wholeReassembled = createRecentMap<number, DecodeResult>(MAX_WHOLE_REASSEMBLED);
  const correlations = createCorrelationIndex();
  const sessions = createSessionIndex();
  const fragments = createFragmentLinks((id) => log.get(id).seq);
  // Filled as frames are decoded in order, which every frame of a connection with a protocol is:
  // unlike `results`, it answers for old frames without decoding them again.
  const heartbeats = new Set<number>();
  let pruneHeartbeatsAt = MIN_HEARTBEATS_BEFORE_PRUNING;
  let scannedTo = 0;

  // peek(): the tracker is read during renders, which must not subscribe to every connection change.
  const connectionAt = (connIndex: number): Connection | undefined => store.connectionsByIndex.peek().get(connIndex);
  const choiceOf = (connIndex: number): ProtocolChoice => choices.peek().get(connIndex) ?? 'auto';

  function frameAt(id: number): DecoderFrame {
    const entry = log.get(id);
    const frame: DecoderFrame = { dir: entry.dir ?? 'in', opcode: entry.opcode, data: entry.data, seq: entry.seq, truncated: entry.truncated };
    // A polling channel's row holds the request's method, or the response's status.
    if (entry.http === undefined) return frame;
    return frame.dir === 'out' ? { ...frame, method: entry.http } : { ...frame, status: Number(entry.http) };
  }

  function sessionAt(connIndex: number): TransportSession | null {
    const connection = connectionAt(connIndex);
    return connection ? sessions.sessionOf(connection) : null;
  }

  const scopeOf = (connIndex: number): string => sessionAt(connIndex)?.key ?? `#${connIndex}`;

  function decode(decoder: FrameDecoder, id: number, frame = frameAt(id)): DecodeResult {
    const result = decoder.decode(frame);
    const chars = payloadChars(result, frame.data.length);
    results.remember(id, retained(result, chars));
    if (chars > MAX_CACHED_PAYLOAD_CHARS && result.ok && result.messages.some((m) => m.frames)) wholeReassembled.remember(id, result);
    return result;
  }

  function decodeInOrder(connIndex: number, state: ConnDecoding, id: number): void {
    if (!state.decoder) return;
    const frame = frameAt(id);
    const result = decode(state.decoder, id, frame);
    fragments.add(connIndex, id, frame.dir, frame.seq ?? -1, result);
    if (!result.ok) return;
    if (onlyHeartbeats(result)) {
      heartbeats.add(id);
      // A ping split across frames: its parts are as much noise as it is.
      for (const part of fragments.partsOf(id)) if (part !== id) markPartHeartbeat(part);
    }
    for (const message of result.messages) if (message.correlation) correlations.add(scopeOf(connIndex), id, message.correlation);
  }

  /** A part of a heartbeat is one too, unless its frame also holds other messages. */
  function markPartHeartbeat(part: number): void {
    const result = results.recall(part);
    if (result?.ok && result.messages.length === 0) heartbeats.add(part);
  }

  /** Forgets the heartbeats and parts the log no longer holds, once they are as many again as the last time. */
  function pruneHeartbeats(): void {
    if (heartbeats.size + fragments.size < pruneHeartbeatsAt) return;
    for (const id of heartbeats) if (!log.has(id)) heartbeats.delete(id);
    fragments.prune((id) => log.has(id));
    pruneHeartbeatsAt = Math.max(MIN_HEARTBEATS_BEFORE_PRUNING, 2 * (heartbeats.size + fragments.size));
  }

  /**
   * An evicted frame decoded anew, without what earlier frames told its connection's decoder: on
   * its own, or from the frame where the message it continues began, so that it is not read from
   * the middle of a packet.
   */
  function decodeAnew(connIndex: number, protocol: ProtocolId, id: number): DecodeResult {
    const run = fragments.runTo(id);
    if (typeof run === 'string') return { ok: false, note: run };
    if (!run.every((part) => log.has(part))) return { ok: false, note: 'continues a message whose first frames are no longer kept' };
    const decoder = createDecoder(protocol, { url: connectionAt(connIndex)?.url });
    let result: DecodeResult = { ok: false, note: 'empty frame' };
    for (const part of run) result = decode(decoder, part);
    return result;
  }

  /** Adds to a part of a message the message it is part of. */
  function tracked(id: number, result: DecodeResult): TrackedResult {
    const partOf = result.ok && result.fragment ? fragments.partOf(id) : undefined;
    if (!partOf) return result;
    const carrier = partOf.id === id ? undefined : baseDecodedAt(partOf.id);
    const message = carrier?.ok ? carrier.messages[0] : undefined;
    return { ...result, partOf: { ...partOf, message } };
  }

  /** Whether a kept result lost the payload of a message reassembled into it. */
  const lostReassembled = (id: number, result: DecodeResult): boolean =>
    result.ok && result.messages.some((m) => m.frames) && payloadChars(result, log.dataAt(id).length) > MAX_CACHED_PAYLOAD_CHARS;

  function baseDecodedAt(id: number, whole = false): DecodeResult | null {
    if (!log.has(id) || log.kindAt(id) !== 'frame') return null;
    const kept = wholeReassembled.recall(id);
    if (kept) return kept;
    const cached = results.recall(id);
    if (cached && !(whole && lostReassembled(id, cached))) return cached;
    const connIndex = log.connIndexAt(id);
    const protocol = connections.get(connIndex)?.decision.protocol;
    return protocol ? decodeAnew(connIndex, protocol, id) : null;
  }

  /** Starts a connection's decoding over with `decision`, decoding `ids` (its retained frames) again. */
  function restart(connIndex: number, state: ConnDecoding, decision: ProtocolDecision, ids: readonly number[]): void {
    correlations.forget(ids);
    fragments.forget(connIndex, ids);
    for (const id of ids) {
      results.forget(id);
      wholeReassembled.forget(id);
      heartbeats.delete(id);
    }
    const url = connectionAt(connIndex)?.url;
    state.decision = decision;
    state.decoder = decision.protocol === null ? null : createDecoder(decision.protocol, { url });
    for (const id of ids) if (log.has(id)) decodeInOrder(connIndex, state, id);
  }

  /** Sub-protocol, URL and the user's word are final; content gets SNIFF_FRAMES frames to make up its mind. */
  const settled = (decision: ProtocolDecision, framesRead: number): boolean =>
    (decision.by !== null && decision.by !== 'content') || framesRead >= SNIFF_FRAMES;

  function onFrame(connIndex: number, id: number): void {
    const connection = connectionAt(connIndex);
    if (connection) sessions.observe(connection, log.dirAt(id) ?? 'in', log.dataAt(id));
    let state = connections.get(connIndex);
    if (!state) {
      state = { decision: UNDECIDED, decoder: null, sniffed: [] };
      connections.set(connIndex, state);
    }
    const sniffed = state.sniffed;
    if (sniffed === null) return decodeInOrder(connIndex, state, id);
    if (!connection) return;
    sniffed.push(id);
    const decision = decideProtocol(connection, choiceOf(connIndex), sniffed.filter((s) => log.has(s)).map(frameAt));
    if (decision.protocol !== state.decision.protocol) restart(connIndex, state, decision, sniffed);
    else decodeInOrder(connIndex, state, id);
    if (settled(decision, sniffed.length)) state.sniffed = null;
  }

  function catchUp(): void {
    const end = log.endId;
    if (scannedTo === end) return;
    // Pinned ids too: a batch of appends can pin a quiet connection's frames before they are read.
    log.forEachRetained((id) => {
      if (log.kindAt(id) === 'frame') onFrame(log.connIndexAt(id), id);
    }, scannedTo);
    scannedTo = end;
    pruneHeartbeats();
  }

  return {
    choices,

    setChoice(connIndex, choice) {
      catchUp();
      const next = new Map(choices.peek());
      if (choice === 'auto') next.delete(connIndex);
      else next.set(connIndex, choice);
      choices.value = next;
      const connection = connectionAt(connIndex);
      if (!connection) return;
      const ids: number[] = [];
      log.forEachRetained((id) => {
        if (id < scannedTo && log.connIndexAt(id) === connIndex && log.kindAt(id) === 'frame') ids.push(id);
      });
      const decision = decideProtocol(connection, choice, ids.slice(0, SNIFF_FRAMES).map(frameAt));
      const state: ConnDecoding = connections.get(connIndex) ?? { decision: UNDECIDED, decoder: null, sniffed: null };
      connections.set(connIndex, state);
      restart(connIndex, state, decision, ids);
      state.sniffed = settled(decision, ids.length) ? null : ids;
    },

    decisionOf(connIndex) {
      catchUp();
      const state = connections.get(connIndex);
      if (state) return state.decision;
      // No frame yet: what the connection itself says (its URL, sub-protocol or transport), so that
      // a WebSocket a session is upgrading to is known for what it is before it carries anything.
      const connection = connectionAt(connIndex);
      return connection ? decideProtocol(connection, choiceOf(connIndex), []) : UNDECIDED;
    },

    decodedAt(id, whole) {
      catchUp();
      const result = baseDecodedAt(id, whole);
      return result && tracked(id, result);
    },

    linksOf(id) {
      catchUp();
      return correlations.linksOf(id);
    },

    partsOf(id) {
      catchUp();
      return fragments.partsOf(id);
    },

    isHeartbeat(id) {
      catchUp();
      return heartbeats.has(id) && log.has(id);
    },

    sessionOf(connIndex) {
      catchUp();
      return sessionAt(connIndex);
    },

    scopeKeyOf(connIndex) {
      catchUp();
      return scopeOf(connIndex);
    },
  };
}
