/**
 * Type guards for everything that crosses a boundary. A page, a stale content script or a
 * forged message can put anything on a channel; receivers act only on what passes here.
 */
import { MAX_PORT_MESSAGE_BYTES, PROTOCOL_VERSION, SOURCE } from './constants';
import { WORKER_FRAME_ID } from './protocol';
import { isHookRuleList, isPatternList, MAX_RULE_ID_LENGTH } from './intercept-rules';
import type {
  CommandResult,
  ContentCommand,
  ContentControl,
  ContentHello,
  ContentMessage,
  ConnKind,
  Envelope,
  Framing,
  HookCommand,
  HttpApi,
  HookEvent,
  InterceptAction,
  PanelCommandReply,
  PanelBatch,
  PanelRequest,
  PanelRulesProblem,
  PanelTabNotice,
  PanelWorkersState,
  WorkerKind,
  WorkerSource,
} from './protocol';

export type Rec = Record<string, unknown>;

export const isRecord = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

const isOptional = <T>(x: unknown, guard: (y: unknown) => y is T): boolean => x === undefined || guard(x);
const isOneOf = <T>(x: unknown, values: readonly T[]): x is T => values.includes(x as T);
/** An HTTP method is a token of a few letters; a page cannot make the panel hold a long one. */
const isShortString = (x: unknown): x is string => isString(x) && x.length <= 32;

const CONN_KINDS: readonly ConnKind[] = ['ws', 'sse', 'stream', 'poll'];
const HTTP_APIS: readonly HttpApi[] = ['fetch', 'xhr'];
const FRAMINGS: readonly Framing[] = ['sse', 'ndjson', 'json-seq', 'multipart', 'engine.io', 'sockjs', 'signalr', 'whole'];
const WORKER_KINDS: readonly WorkerKind[] = ['dedicated', 'shared', 'service'];
const INTERCEPT_ACTIONS: readonly InterceptAction[] = ['drop', 'delay', 'rewrite', 'respond', 'pause'];
const isRuleId = (x: unknown): x is string => isString(x) && x !== '' && x.length <= MAX_RULE_ID_LENGTH;

function isWorkerSource(x: unknown): x is WorkerSource {
  return (
    isRecord(x) &&
    isOneOf(x.kind, WORKER_KINDS) &&
    isString(x.url) &&
    isString(x.name) &&
    isString(x.startedBy) &&
    isOptional(x.joinedLate, isBool) &&
    isOptional(x.readOnly, isBool)
  );
}

/** What an intercept rule did to a frame, when one did. */
function hasValidIntercept(x: Rec): boolean {
  return (
    isOptional(x.rule, isRuleId) &&
    isOptional(x.action, (action) => isOneOf(action, INTERCEPT_ACTIONS)) &&
    isOptional(x.delivered, isString) &&
    isOptional(x.deliveredSize, isCount) &&
    isOptional(x.deliveredTruncated, isBool) &&
    isOptional(x.delayMs, isCount) &&
    isOptional(x.hold, isCount) &&
    isOptional(x.passed, isBool) &&
    isOptional(x.loop, isBool)
  );
}

function isEnvelope(x: unknown): x is Envelope<Rec> {
  return isRecord(x) && x.source === SOURCE && x.v === PROTOCOL_VERSION;
}

function hasConnFields(x: Rec): boolean {
  return isString(x.conn) && x.conn.length > 0 && x.conn.length <= 64 && isCount(x.seq) && isFiniteNumber(x.time);
}

export function isHookEvent(x: unknown): x is HookEvent {
  if (!isRecord(x) || !hasConnFields(x)) return false;
  switch (x.type) {
    case 'create':
      return (
        isOneOf(x.kind, CONN_KINDS) &&
        isString(x.url) &&
        Array.isArray(x.protocols) &&
        x.protocols.every(isString) &&
        isBool(x.withCredentials) &&
        isString(x.frameUrl) &&
        isOptional(x.api, (api) => isOneOf(api, HTTP_APIS)) &&
        isOptional(x.method, isShortString) &&
        isOptional(x.framing, (framing) => isOneOf(framing, FRAMINGS)) &&
        isOptional(x.requestTime, isFiniteNumber) &&
        isOptional(x.intervalMs, isFiniteNumber) &&
        isOptional(x.worker, isWorkerSource)
      );
    case 'open':
      return isString(x.protocol) && isString(x.extensions) && isOptional(x.status, isCount);
    case 'frame':
      return (
        (x.dir === 'out' || x.dir === 'in') &&
        (x.via === 'page' || x.via === 'panel' || x.via === 'inject' || x.via === 'rule') &&
        (x.opcode === 'text' || x.opcode === 'binary') &&
        isCount(x.size) &&
        isString(x.data) &&
        isBool(x.truncated) &&
        isOptional(x.event, isString) &&
        isOptional(x.lastEventId, isString) &&
        isOptional(x.totalMessages, isCount) &&
        isOptional(x.totalBytes, isCount) &&
        isOptional(x.method, isShortString) &&
        isOptional(x.status, isCount) &&
        hasValidIntercept(x)
      );
    case 'worker-client':
      return isString(x.url) && isString(x.name) && isString(x.frameUrl);
    case 'release':
      return (
        isCount(x.hold) &&
        isOneOf(x.outcome, ['continued', 'edited', 'dropped'] as const) &&
        isOptional(x.data, isString) &&
        isOptional(x.size, isCount) &&
        isOptional(x.truncated, isBool)
      );
    case 'close':
      return (
        isCount(x.code) &&
        isString(x.reason) &&
        isBool(x.wasClean) &&
        (x.initiator === 'page' || x.initiator === 'server' || x.initiator === 'panel' || x.initiator === 'unknown')
      );
    case 'error':
      return isBool(x.reconnecting);
    default:
      return false;
  }
}

/** Keeps the valid events of an untrusted list, in order. */
function validEvents(x: unknown): HookEvent[] {
  return Array.isArray(x) ? x.filter(isHookEvent) : [];
}

/** The valid events of a hook batch's JSON text, in order; none when the text is not a batch. */
export function eventsOfBatch(json: string): HookEvent[] {
  let batch: unknown;
  try {
    batch = JSON.parse(json);
  } catch {
    return [];
  }
  return isEnvelope(batch) ? validEvents(batch.events) : [];
}

/** A batch's text, of a size an extension message may carry. */
const isBatchText = (x: unknown): x is string => isString(x) && x.length <= MAX_PORT_MESSAGE_BYTES;

export function isContentMessage(x: unknown): x is ContentMessage {
  return isEnvelope(x) && x.kind === 'batch' && isBatchText(x.json);
}

export function isContentControl(x: unknown): x is ContentControl {
  return (
    isEnvelope(x) &&
    ((x.kind === 'attach' && isBool(x.replay)) ||
      (x.kind === 'budget' && isFiniteNumber(x.maxBytes)) ||
      (x.kind === 'rules' && isHookRuleList(x.rules)))
  );
}

export function isContentHello(x: unknown): x is ContentHello {
  return isEnvelope(x) && x.kind === 'hello';
}

const isConnId = (x: unknown): x is string => isString(x) && x.length > 0 && x.length <= 64;
const isOpcode = (x: unknown): boolean => x === 'text' || x === 'binary';
const isPayload = (x: unknown): x is string => isString(x) && x.length <= MAX_PORT_MESSAGE_BYTES;

/** Shape only: whether a close code or a payload is acceptable is the hook's to say. */
export function isHookCommand(x: unknown): x is HookCommand {
  if (!isRecord(x) || !isConnId(x.conn)) return false;
  switch (x.op) {
    case 'send':
      return isOpcode(x.opcode) && isPayload(x.data);
    case 'inject':
      return isOpcode(x.opcode) && isPayload(x.data) && isOptional(x.event, isString) && isOptional(x.lastEventId, isString);
    case 'close':
      return isOptional(x.code, isCount) && isOptional(x.reason, isString);
    case 'release':
      return isCount(x.hold) && isBool(x.drop) && isOptional(x.data, isPayload);
    case 'sever':
      return true;
    default:
      return false;
  }
}

export function isCommandResult(x: unknown): x is CommandResult {
  return isRecord(x) && (x.ok === true || (x.ok === false && isString(x.error)));
}

export function isContentCommand(x: unknown): x is ContentCommand {
  return isEnvelope(x) && x.kind === 'command' && isHookCommand(x.command);
}

export function isPanelRequest(x: unknown): x is PanelRequest {
  if (!isEnvelope(x)) return false;
  switch (x.kind) {
    case 'subscribe':
      return isCount(x.tabId);
    case 'ping':
      return true;
    case 'command':
      return (
        isCount(x.id) && isCount(x.tabId) && (isCount(x.frameId) || x.frameId === WORKER_FRAME_ID) && isString(x.documentId) && isHookCommand(x.command)
      );
    case 'rules':
      return isCount(x.tabId) && isHookRuleList(x.rules) && isPatternList(x.blocked);
    case 'workers':
      return isCount(x.tabId) && isBool(x.on);
    default:
      return false;
  }
}

export function isPanelCommandReply(x: unknown): x is PanelCommandReply {
  return isEnvelope(x) && x.kind === 'command-result' && isCount(x.id) && isCommandResult(x.result);
}

export function isPanelBatch(x: unknown): x is PanelBatch {
  if (!isEnvelope(x) || !isRecord(x.origin)) return false;
  if (!Number.isSafeInteger(x.origin.frameId) || !isString(x.origin.documentId)) return false;
  return x.kind === 'batch' && isBatchText(x.json);
}

export function isPanelWorkersState(x: unknown): x is PanelWorkersState {
  return isEnvelope(x) && x.kind === 'workers-state' && isBool(x.on) && isOptional(x.error, (e): e is string => isString(e) && e.length <= 1000);
}

export function isPanelRulesProblem(x: unknown): x is PanelRulesProblem {
  return isEnvelope(x) && x.kind === 'rules-problem' && isString(x.error) && x.error.length <= 1000;
}

export function isPanelTabNotice(x: unknown): x is PanelTabNotice {
  if (!isEnvelope(x)) return false;
  if (x.kind === 'top-document') return isString(x.documentId) && isString(x.url);
  return x.kind === 'tab-unreachable' || (x.kind === 'worker-ended' && isString(x.documentId));
}
