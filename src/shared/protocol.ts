/**
 * The one protocol between the four layers: page hook → content script → service worker → panel.
 *
 * Every connection event carries the connection id and a per-connection sequence number that the
 * hook assigns synchronously, in the order the page saw things happen (the `create` event is seq 0).
 * Receivers use (conn, seq) to keep order and to drop the duplicates a replayed backlog brings.
 *
 * Everything that crosses a boundary is untrusted until a guard below has accepted it.
 */
import { PROTOCOL_VERSION, SOURCE } from './constants';
import type { HookRule, Pattern } from './intercept-rules';

/** Unique across frames, documents and reloads: `<random document token>.<counter>`. */
export type ConnId = string;

/**
 * `ws`: a WebSocket. `sse`: an EventSource. `stream`: one fetch or XHR response read as a stream of
 * messages (SSE, NDJSON, multipart). `poll`: a channel of HTTP requests and their responses (a
 * long-polling transport, or the same URL polled on an interval).
 */
export type ConnKind = 'ws' | 'sse' | 'stream' | 'poll';
/** The page API behind a `stream` or `poll` connection. */
export type HttpApi = 'fetch' | 'xhr';
/**
 * How a `stream` or `poll` connection's bodies are cut into messages: by the stream's content type
 * (`sse`, `ndjson`, `json-seq`, `multipart`), by the long-polling transport whose URL it is
 * (`engine.io`: v4 payloads split at U+001E, v3 length-prefixed; `sockjs`: frames one a line;
 * `signalr`: records ended by U+001E), or one message a body (`whole`).
 */
export type Framing = 'sse' | 'ndjson' | 'json-seq' | 'multipart' | 'engine.io' | 'sockjs' | 'signalr' | 'whole';
export type Direction = 'out' | 'in';
/**
 * Who made a frame: the page itself, the panel's composer, the panel injecting a fake one, or an
 * intercept rule's reply.
 */
export type FrameVia = 'page' | 'panel' | 'inject' | 'rule';
/** What an intercept rule did to a message (shared/intercept-rules.ts). */
export type InterceptAction = 'drop' | 'delay' | 'rewrite' | 'respond' | 'pause';
export type Opcode = 'text' | 'binary';
/**
 * Who started a close: the page's own `close()`, the server, or the panel; `unknown` for a worker's
 * WebSocket, whose close Chrome's debugger reports without code, reason or cause.
 */
export type CloseInitiator = 'page' | 'server' | 'panel' | 'unknown';

interface ConnEventBase {
  conn: ConnId;
  seq: number;
  /** Epoch milliseconds with sub-millisecond precision (timeOrigin + performance.now()). */
  time: number;
}

export interface CreateEvent extends ConnEventBase {
  type: 'create';
  kind: ConnKind;
  url: string;
  /** WebSocket: requested sub-protocols. */
  protocols: string[];
  /** EventSource: the withCredentials flag. */
  withCredentials: boolean;
  /** URL of the document (frame) that opened the connection. */
  frameUrl: string;
  /** `stream` and `poll`: the page API and HTTP method of the (first) request. */
  api?: HttpApi;
  method?: string;
  framing?: Framing;
  /** `stream`: when the request left (epoch ms), before its response made it a stream. */
  requestTime?: number;
  /** `poll` found by its rhythm: the interval between the requests, in milliseconds. */
  intervalMs?: number;
  /** The connection belongs to a worker, seen through the debugger (background/worker-capture.ts). */
  worker?: WorkerSource;
}

export type WorkerKind = 'dedicated' | 'shared' | 'service';

/**
 * The worker a connection was opened in: its kind, script URL and name, and the script URL of
 * whoever started it (the page, or the worker a nested one was started by). Shared and service
 * workers have no one starter: `startedBy` is empty and `origin` says whose pages share them.
 */
export interface WorkerSource {
  kind: WorkerKind;
  url: string;
  name: string;
  startedBy: string;
  /** The connection was open before Frametap attached to its worker: what came before is unknown. */
  joinedLate?: boolean;
  /**
   * Seen through the debugger's network events only (a shared or service worker, or a worker that
   * was running before capture started): it can be watched, not acted on.
   */
  readOnly?: boolean;
}

export interface OpenEvent extends ConnEventBase {
  type: 'open';
  /** WebSocket: negotiated sub-protocol and extensions (empty strings for SSE). */
  protocol: string;
  extensions: string;
  /** `stream`: the response's HTTP status. */
  status?: number;
}

export interface FrameEvent extends ConnEventBase {
  type: 'frame';
  dir: Direction;
  via: FrameVia;
  opcode: Opcode;
  /** Size in bytes of the whole payload (UTF-8 bytes for text). */
  size: number;
  /** Text as is; binary as base64. Cut to MAX_CAPTURED_PAYLOAD_BYTES when `truncated`. */
  data: string;
  truncated: boolean;
  /** EventSource only: the event type ("message" for unnamed events) and lastEventId. */
  event?: string;
  lastEventId?: string;
  /**
   * The connection's running totals in this frame's direction, this frame included: messages and
   * bytes (`size`s). The hook sets them on every frame, so the panel knows a connection's true
   * traffic however many frames a budget dropped on the way. Imported files do not carry them.
   */
  totalMessages?: number;
  totalBytes?: number;
  /** `poll`: an outgoing frame is a request (its HTTP method), an incoming one a response (its status). */
  method?: string;
  status?: number;
  /**
   * An intercept rule acted on this message: the frame is what the page or the server sent, and
   * `action` says what Frametap did with it. A `rule` reply (via `rule`) names its rule too.
   */
  rule?: string;
  action?: InterceptAction;
  /** `rewrite`: the text or base64 delivered instead, its size, and whether it was cut. */
  delivered?: string;
  deliveredSize?: number;
  deliveredTruncated?: boolean;
  /** `delay`: how long the message was held; `respond`: how long before the reply. */
  delayMs?: number;
  /** `pause`: the hold's number on its connection, which the `release` names. */
  hold?: number;
  /** `respond`: the original went on as well. */
  passed?: boolean;
  /** `respond`: the rule answered so often that it looks like a loop; the hook stopped it, this message went on. */
  loop?: boolean;
}

/** The frame fields that say what an intercept rule did: the one list every layer reads them by. */
export const INTERCEPT_FIELDS = ['rule', 'action', 'delivered', 'deliveredSize', 'deliveredTruncated', 'delayMs', 'hold', 'passed', 'loop'] as const;
export type FrameIntercept = Pick<FrameEvent, (typeof INTERCEPT_FIELDS)[number]>;

/** A paused message was let go: as it was, edited, or dropped. */
export interface ReleaseEvent extends ConnEventBase {
  type: 'release';
  hold: number;
  outcome: 'continued' | 'edited' | 'dropped';
  /** `edited`: what was delivered, as in a frame. */
  data?: string;
  size?: number;
  truncated?: boolean;
}

export interface CloseEvent extends ConnEventBase {
  type: 'close';
  /** The WebSocket close code; 0 for HTTP, which has none. */
  code: number;
  reason: string;
  wasClean: boolean;
  initiator: CloseInitiator;
}

export interface ErrorEvent extends ConnEventBase {
  type: 'error';
  /** EventSource: true while the browser is reconnecting (readyState CONNECTING). */
  reconnecting: boolean;
}

/**
 * The document connected to a shared worker: the page called `new SharedWorker(url, name)`. Not a
 * connection of its own (its `conn` only numbers it): the panel names the documents connected to
 * a shared worker by these, since the debugger that watches the worker does not know them.
 */
export interface WorkerClientEvent extends ConnEventBase {
  type: 'worker-client';
  /** The shared worker's script URL, resolved as the browser does, and its name. */
  url: string;
  name: string;
  /** URL of the document that connected. */
  frameUrl: string;
}

export type HookEvent = CreateEvent | OpenEvent | FrameEvent | ReleaseEvent | CloseEvent | ErrorEvent | WorkerClientEvent;
export type HookEventType = HookEvent['type'];

/**
 * relay → hook, as JSON text: a panel reads this document's traffic from now on (`replay`: after
 * everything the hook kept), nobody does any more, the backlog has a new byte budget, or the user's
 * URL patterns changed.
 */
export type HookControl =
  | { op: 'attach'; replay: boolean }
  | { op: 'detach' }
  | { op: 'budget'; maxBytes: number }
  /** The user's "also capture these URLs" (shared/capture-patterns.ts). */
  | { op: 'patterns'; patterns: string[] }
  /** The intercept rules of the tab's panel; none once it leaves. */
  | { op: 'rules'; rules: HookRule[] };

/**
 * The frameId of a batch the service worker wrote itself from what Chrome's debugger saw in a
 * worker: no content script sends it (their frames are 0 and up), and only such a batch may say
 * which worker a connection is in.
 */
export const WORKER_FRAME_ID = -2;

/** Where a batch came from, stamped by the service worker from the port's sender. */
export interface FrameOrigin {
  frameId: number;
  documentId: string;
}

/** Every extension message carries the source tag and protocol version its receiver checks. */
export type Envelope<T> = T & { source: typeof SOURCE; v: typeof PROTOCOL_VERSION };

/**
 * content → service worker → panel: the hook's batch text, as the hook wrote it. Neither the relay
 * nor the service worker parses it: the panel is the first that must trust it, and checks it.
 * Nothing reports drops explicitly: the backlog keeps every connection's lifecycle events and its
 * newest frame in each direction, so a dropped event always shows as a gap in its connection's
 * sequence numbers, which the panel counts, and the frames' running totals stay known.
 */
export type ContentMessage = Envelope<{ kind: 'batch'; json: string }>;

/**
 * service worker → content, by chrome.tabs.sendMessage. `attach`: a panel wants this tab's
 * traffic; a relay that opens its port has the hook send everything it kept, and one already
 * connected does so again only when `replay` asks (a panel that just subscribed has not seen it).
 * `budget`: the user changed the page backlog budget.
 */
export type ContentControl = Envelope<
  { kind: 'attach'; replay: boolean } | { kind: 'budget'; maxBytes: number } | { kind: 'rules'; rules: HookRule[] }
>;

/** content → service worker, one-shot, when a document first has something to report. */
export type ContentHello = Envelope<{ kind: 'hello' }>;
export interface ContentHelloReply {
  attached: boolean;
  /** The page backlog budget the user set (shared/page-backlog.ts). */
  backlogBytes: number;
  /** The intercept rules of the panel inspecting the tab. */
  rules: HookRule[];
}

/**
 * What the panel asks the hook to do to one live connection. Binary `data` is base64, as
 * everywhere else; an SSE injection names its event type and id.
 */
export type HookCommand =
  | { op: 'send'; conn: ConnId; opcode: Opcode; data: string }
  | { op: 'inject'; conn: ConnId; opcode: Opcode; data: string; event?: string; lastEventId?: string }
  | { op: 'close'; conn: ConnId; code?: number; reason?: string }
  /** Lets a paused message go: as it was, as `data` (edited), or not at all. */
  | { op: 'release'; conn: ConnId; hold: number; drop: boolean; data?: string }
  /** A network drop: the page sees the connection fail (1006) as if the network had gone. */
  | { op: 'sever'; conn: ConnId };

/** The hook's answer; `error` is shown to the user as is. */
export type CommandResult = { ok: true } | { ok: false; error: string };

/** service worker → content, by chrome.tabs.sendMessage to one document; answered with a CommandResult. */
export type ContentCommand = Envelope<{ kind: 'command'; command: HookCommand }>;

/** The panel's command for the document that owns the connection. */
export interface PanelCommand {
  kind: 'command';
  /** The panel's own number for matching the reply. */
  id: number;
  tabId: number;
  frameId: number;
  documentId: string;
  command: HookCommand;
}

/**
 * panel → service worker: the rules that apply to the tab while this panel is attached. `rules`
 * go to the hooks; `blocked` are URL patterns whose new connections the browser refuses.
 */
export interface PanelRules {
  kind: 'rules';
  tabId: number;
  rules: HookRule[];
  blocked: Pattern[];
}

/**
 * panel → service worker: show (or stop showing) the tab's worker traffic, which only Chrome's
 * debugger can see. The panel asked for the optional `debugger` permission first.
 */
export interface PanelWorkers {
  kind: 'workers';
  tabId: number;
  on: boolean;
}

/** panel → service worker, on PORT_PANEL. */
export type PanelRequest = Envelope<{ kind: 'subscribe'; tabId: number } | { kind: 'ping' } | PanelCommand | PanelRules | PanelWorkers>;

/** service worker → panel, on PORT_PANEL: one frame's batch, as the hook wrote it (see ContentMessage). */
export type PanelBatch = Envelope<{ kind: 'batch'; origin: FrameOrigin; json: string }>;

/** One frame's events, once the panel has parsed a PanelBatch and kept its valid events. */
export interface PanelEvents {
  origin: FrameOrigin;
  events: HookEvent[];
}

/**
 * service worker → panel, on PORT_PANEL: the document the tab's top frame shows, sent when that
 * frame's relay connects, before any event of it. A new document means the tab navigated. `url` is
 * the document's, as the browser stamped it on the relay's port (the panel keeps rules per origin).
 */
export type PanelTopDocument = Envelope<{ kind: 'top-document'; documentId: string; url: string }>;

/** service worker → panel, on PORT_PANEL: the outcome of a PanelCommand. */
export type PanelCommandReply = Envelope<{ kind: 'command-result'; id: number; result: CommandResult }>;

/**
 * service worker → panel, on PORT_PANEL: no frame of the tab has Frametap's content scripts. The
 * page loaded before Frametap was installed or updated (Chrome injects declared content scripts
 * only into documents that load afterwards), or the browser keeps extensions off it.
 */
export type PanelTabUnreachable = Envelope<{ kind: 'tab-unreachable' }>;

/** service worker → panel, on PORT_PANEL: the browser would not take the panel's block rules. */
export type PanelRulesProblem = Envelope<{ kind: 'rules-problem'; error: string }>;

/**
 * service worker → panel: whether the tab's workers are being watched, sent on every change and
 * on subscribing. `error` says why watching stopped or could not start (the user closed Chrome's
 * debugging bar, another debugger holds the tab, the permission is missing).
 */
export type PanelWorkersState = Envelope<{ kind: 'workers-state'; on: boolean; error?: string }>;

/**
 * service worker → panel: a hooked worker is gone (terminated, or its page left). Its hook could
 * not say so: the connections it had open end with it.
 */
export type PanelWorkerEnded = Envelope<{ kind: 'worker-ended'; documentId: string }>;

/** What a panel hears about the tab itself, as opposed to its traffic. */
export type PanelTabNotice = PanelTopDocument | PanelTabUnreachable | PanelWorkerEnded;

/** Everything the service worker sends a panel. */
export type PanelMessage = PanelBatch | PanelTabNotice | PanelCommandReply | PanelRulesProblem | PanelWorkersState;

/** Wraps a body in the source tag and version every receiver checks. */
export function envelope<B extends object>(body: B): Envelope<B> {
  return { source: SOURCE, v: PROTOCOL_VERSION, ...body };
}
