/**
 * Type guards for everything that crosses a boundary. A page, a stale content script or a
 * forged message can put anything on a channel; receivers act only on what passes here.
 */
import { PROTOCOL_VERSION, SOURCE } from './constants';
import type {
  ContentControl,
  ContentHello,
  ContentMessage,
  Envelope,
  HookEvent,
  PanelMessage,
  PanelRequest,
} from './protocol';

type Rec = Record<string, unknown>;

const isRecord = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

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
        (x.kind === 'ws' || x.kind === 'sse') &&
        isString(x.url) &&
        Array.isArray(x.protocols) &&
        x.protocols.every(isString) &&
        isBool(x.withCredentials) &&
        isString(x.frameUrl)
      );
    case 'open':
      return isString(x.protocol) && isString(x.extensions);
    case 'frame':
      return (
        (x.dir === 'out' || x.dir === 'in') &&
        (x.via === 'page' || x.via === 'panel' || x.via === 'inject') &&
        (x.opcode === 'text' || x.opcode === 'binary') &&
        isCount(x.size) &&
        isString(x.data) &&
        isBool(x.truncated) &&
        (x.event === undefined || isString(x.event)) &&
        (x.lastEventId === undefined || isString(x.lastEventId))
      );
    case 'close':
      return (
        isCount(x.code) &&
        isString(x.reason) &&
        isBool(x.wasClean) &&
        (x.initiator === 'page' || x.initiator === 'server' || x.initiator === 'panel')
      );
    case 'error':
      return isBool(x.reconnecting);
    default:
      return false;
  }
}

/** Keeps the valid events of an untrusted list, in order. */
export function validEvents(x: unknown): HookEvent[] {
  return Array.isArray(x) ? x.filter(isHookEvent) : [];
}

export function isHookBatch(x: unknown): x is Envelope<{ events: unknown[] }> {
  return isEnvelope(x) && Array.isArray(x.events);
}

export function isContentMessage(x: unknown): x is ContentMessage {
  return isEnvelope(x) && x.kind === 'events' && Array.isArray(x.events);
}

export function isContentControl(x: unknown): x is ContentControl {
  return isEnvelope(x) && x.kind === 'attach';
}

export function isContentHello(x: unknown): x is ContentHello {
  return isEnvelope(x) && x.kind === 'hello';
}

export function isPanelRequest(x: unknown): x is PanelRequest {
  if (!isEnvelope(x)) return false;
  if (x.kind === 'subscribe') return isCount(x.tabId);
  return x.kind === 'ping';
}

export function isPanelMessage(x: unknown): x is PanelMessage {
  if (!isEnvelope(x) || !isRecord(x.origin)) return false;
  if (!Number.isSafeInteger(x.origin.frameId) || !isString(x.origin.documentId)) return false;
  return x.kind === 'events' && Array.isArray(x.events);
}
