/**
 * Turns a captured HTTP exchange into connection events. A stream is a connection of its own: its
 * request (the body as an outgoing message), its response's status, each message its framing cuts
 * from the body, and its end. A poll is one exchange of a channel that lives as long as the
 * document: every request an outgoing message (with its method), every response one or more
 * incoming ones (with its status).
 */
import type { CloseInitiator, HttpApi } from '../shared/protocol';
import type { Capture } from './capture-rules';
import { openConnection, record, type Connection } from './connection';
import type { Emit } from './emitter';
import { objectCreate } from './natives';
import { forgetTarget } from './targets';
import type { CapturedPayload } from './payload';
import { createFramer, type FramedMessage } from './stream-framing';
import { intercepting } from './intercept/interceptor';
import { createStreamGate, gateCuts, type StreamGate } from './stream-gate';
import { frameUrl } from './frame-url';

export interface Exchange {
  api: HttpApi;
  method: string;
  /** The response's URL (after redirects). */
  url: string;
  requestTime: number;
  status: number;
  /** Whether the response's Content-Type is textual, for bodies kept whole. */
  textual: boolean;
  /** The request body, when there was one the hook could read. */
  body: CapturedPayload | null;
}

/** What the body readers (body-tap.ts, xhr.ts) report of a captured response's body. */
export interface BodySink {
  chunk(bytes: Uint8Array): void;
  /**
   * While intercept rules are set, the gate through which the body must reach the page instead
   * (`enqueue` hands the page bytes); null when the body goes on as it is. Only a fetch stream's
   * sink has one.
   */
  gate?(enqueue: (bytes: Uint8Array) => void): StreamGate | null;
  end(): void;
  /** The body ended early: cancelled by the page, aborted, or a network error. */
  fail(initiator: CloseInitiator, reason: string): void;
}

/** A stream's sink, which the panel's commands act on too. */
export interface StreamSink extends BodySink {
  readonly connection: Connection;
  /** Between two messages: an injected one would not land inside the server's. */
  idle(): boolean;
  /** Records a message the panel injected, once it is in the page's stream. */
  injected(message: FramedMessage): void;
}

/** A channel per key for the document's life: a page polling hundreds of URLs gets no more than this. */
const MAX_CHANNELS = 256;
const channels = objectCreate(null) as Record<string, Connection | undefined>;
let channelCount = 0;

function inFrame(connection: Connection, status: number | undefined) {
  return ({ payload, event, lastEventId }: FramedMessage): void => {
    record(connection, { type: 'frame', dir: 'in', via: 'page', ...payload, event, lastEventId, status });
  };
}

/** A new stream's or channel's connection, its create event recorded. */
function openHttpConnection(emit: Emit, kind: 'stream' | 'poll', url: string, capture: Capture, exchange: Exchange): Connection {
  const connection = openConnection(emit);
  record(connection, {
    type: 'create',
    kind,
    url,
    protocols: [],
    withCredentials: false,
    frameUrl: frameUrl(),
    api: exchange.api,
    method: exchange.method,
    framing: capture.framing,
    requestTime: kind === 'stream' ? exchange.requestTime : undefined,
    intervalMs: capture.intervalMs,
  });
  return connection;
}

function openStream(emit: Emit, capture: Capture, exchange: Exchange): StreamSink {
  const connection = openHttpConnection(emit, 'stream', exchange.url, capture, exchange);
  if (exchange.body) record(connection, { type: 'frame', dir: 'out', via: 'page', ...exchange.body, method: exchange.method }, exchange.requestTime);
  record(connection, { type: 'open', protocol: '', extensions: '', status: exchange.status });
  const recordIn = inFrame(connection, undefined);
  const collector = { on: false, list: [] as FramedMessage[] };
  const framer = createFramer(capture.framing, (message) => (collector.on ? (collector.list[collector.list.length] = message) : recordIn(message)), capture);
  let gate: StreamGate | null = null;
  let ended = false;
  const close = (initiator: CloseInitiator, reason: string, wasClean: boolean): void => {
    if (ended) return;
    ended = true;
    forgetTarget(connection);
    record(connection, { type: 'close', code: 0, reason, wasClean, initiator });
  };
  return {
    connection,
    idle: () => framer.idle(),
    injected: ({ payload, event, lastEventId }) => record(connection, { type: 'frame', dir: 'in', via: 'inject', ...payload, event, lastEventId }),
    chunk: (bytes) => framer.push(bytes),
    gate(enqueue) {
      // Engaged between two messages only, and for the rest of the body: the gate must own every
      // byte of the messages it cuts.
      if (!gate && intercepting(connection) && framer.idle() && gateCuts(capture.framing)) {
        gate = createStreamGate({ endpoint: { connection, url: exchange.url, receiveText: () => undefined }, framing: capture.framing, framer, collector, enqueue });
      }
      return gate;
    },
    end() {
      const unfinished = framer.end();
      close('server', unfinished > 0 ? `ended inside a message: ${unfinished} bytes never completed` : '', true);
    },
    fail: (initiator, reason) => close(initiator, reason, false),
  };
}

function channelFor(emit: Emit, capture: Capture, exchange: Exchange): Connection | null {
  const existing = channels[capture.channelKey];
  if (existing) return existing;
  if (channelCount >= MAX_CHANNELS) return null;
  channelCount += 1;
  const connection = openHttpConnection(emit, 'poll', capture.channelUrl, capture, exchange);
  channels[capture.channelKey] = connection;
  record(connection, { type: 'open', protocol: '', extensions: '' });
  return connection;
}

const EMPTY_BODY: CapturedPayload = { opcode: 'text', size: 0, data: '', truncated: false };

function openPoll(emit: Emit, capture: Capture, exchange: Exchange): BodySink | null {
  const channel = channelFor(emit, capture, exchange);
  if (!channel) return null;
  record(channel, { type: 'frame', dir: 'out', via: 'page', ...(exchange.body ?? EMPTY_BODY), method: exchange.method }, exchange.requestTime);
  let messages = 0;
  const emitIn = inFrame(channel, exchange.status);
  const framer = createFramer(capture.framing, (message) => {
    messages += 1;
    emitIn(message);
  }, { ...capture, text: exchange.textual });
  let ended = false;
  return {
    chunk: (bytes) => framer.push(bytes),
    end() {
      if (ended) return;
      ended = true;
      framer.end();
      // Every response shows, an empty one (a long poll's timeout, a 204) too.
      if (messages === 0) emitIn({ payload: EMPTY_BODY });
    },
    fail() {
      if (ended) return;
      ended = true;
      record(channel, { type: 'error', reconnecting: true });
    },
  };
}

/** A stream's sink or a poll's, as `kind` says. */
export type ExchangeSink = (StreamSink & { kind: 'stream' }) | (BodySink & { kind: 'poll' });

/** Starts capturing a response's body; null when the document has too many channels already. */
export function captureExchange(emit: Emit, capture: Capture, exchange: Exchange): ExchangeSink | null {
  if (capture.kind === 'stream') return { kind: 'stream', ...openStream(emit, capture, exchange) };
  const sink = openPoll(emit, capture, exchange);
  return sink && { kind: 'poll', ...sink };
}
