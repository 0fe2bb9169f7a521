/**
 * GraphQL over WebSocket, both dialects: JSON messages `{type, id?, payload?}`.
 * - `graphql-transport-ws` (the graphql-ws library):
 *   https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md
 * - `graphql-ws`, the legacy subscriptions-transport-ws protocol:
 *   https://github.com/apollographql/subscriptions-transport-ws/blob/master/PROTOCOL.md
 * They share their shape and differ in message names, so one decoder reads both from a table.
 *
 * The decoder remembers each operation's name by id, so that results (which carry only the id)
 * can be filtered by operation name too.
 */
import type { Direction } from '../shared/protocol';
import { createRecentNames } from './recent-names';
import { unparsable } from './result';
import { isRecord } from '../shared/guards';
import { clip, idText, parseJson, summaryOf } from './text';
import { requestOf, responseOf, type Decoded, type DecodeResult, type DecoderFrame, type FrameDecoder, type ProtocolId } from './types';

/** What a message type does, whatever a dialect calls it. */
type Role = 'init' | 'init-reply' | 'ping' | 'pong' | 'keep-alive' | 'start' | 'result' | 'error' | 'complete' | 'stop' | 'terminate';

/** The roles that only keep the connection alive, whatever they carry. */
const HEARTBEAT_ROLES: ReadonlySet<Role> = new Set(['ping', 'pong', 'keep-alive']);

const DIALECTS = {
  'graphql-transport-ws': {
    connection_init: 'init',
    connection_ack: 'init-reply',
    ping: 'ping',
    pong: 'pong',
    subscribe: 'start',
    next: 'result',
    error: 'error',
    // Either side may send it: the server when an operation is done, the client to cancel one.
    complete: 'complete',
  },
  'graphql-ws': {
    connection_init: 'init',
    connection_ack: 'init-reply',
    connection_error: 'init-reply',
    ka: 'keep-alive',
    start: 'start',
    data: 'result',
    error: 'error',
    complete: 'complete',
    stop: 'stop',
    connection_terminate: 'terminate',
  },
} as const satisfies Record<'graphql-transport-ws' | 'graphql-ws', Record<string, Role>>;

export type GraphQlDialect = keyof typeof DIALECTS;

export type OperationType = 'query' | 'mutation' | 'subscription';

/** Characters of a query scanned for its operation: the name sits at the start of a definition. */
const MAX_QUERY_SCAN = 2048;

/**
 * The first operation definition of a query document, found by a bounded scan rather than a
 * parser: a keyword at the start of the text or right after a previous definition's `}`,
 * skipping whitespace, commas and `#` comments. `{ ... }` alone is an anonymous query.
 */
export function operationOf(query: string): { type: OperationType; name?: string } | undefined {
  const head = query.slice(0, MAX_QUERY_SCAN);
  const match = /(?:^|\})[\s,]*(?:#[^\n]*\n[\s,]*)*(?:(query|mutation|subscription)\b[\s,]*([_A-Za-z][_0-9A-Za-z]*)?|\{)/.exec(head);
  if (!match) return undefined;
  const type = (match[1] ?? 'query') as OperationType;
  return match[2] === undefined ? { type } : { type, name: match[2] };
}

/** Name and type of the operation a start message asks for; `operationName` wins over the scan. */
function requestedOperation(payload: unknown): { type?: OperationType; name?: string } {
  if (!isRecord(payload)) return {};
  const scanned = typeof payload.query === 'string' ? operationOf(payload.query) : undefined;
  const name = typeof payload.operationName === 'string' && payload.operationName ? payload.operationName : scanned?.name;
  return { type: scanned?.type, name };
}

function firstErrorMessage(payload: unknown): string | undefined {
  const errors = Array.isArray(payload) ? payload : isRecord(payload) ? payload.errors : undefined;
  const first: unknown = Array.isArray(errors) ? errors[0] : payload;
  return isRecord(first) ? idText(first.message) : undefined;
}

function correlationOf(role: Role, dir: Direction, id: string | undefined): Decoded['correlation'] {
  switch (role) {
    case 'init':
      return requestOf(dir, 'connection');
    case 'init-reply':
      return responseOf(dir, 'connection');
    case 'ping':
      return requestOf(dir, 'ping');
    case 'pong':
      return responseOf(dir, 'ping');
    case 'start':
      return id === undefined ? undefined : requestOf(dir, `operation:${id}`);
    case 'result':
    case 'error':
      return id === undefined ? undefined : responseOf(dir, `operation:${id}`);
    case 'complete':
      // The client's complete cancels; only the server's answers the operation.
      return id === undefined || dir === 'out' ? undefined : responseOf(dir, `operation:${id}`);
    default:
      return undefined;
  }
}

export function createGraphQlDecoder(dialect: GraphQlDialect): FrameDecoder {
  const roles: Record<string, Role> = DIALECTS[dialect];
  const protocol: ProtocolId = dialect;
  const operationNames = createRecentNames();

  function describe(type: string, role: Role, id: string | undefined, payload: unknown, dir: Direction): Decoded {
    const idPart = id === undefined ? undefined : `#${clip(id)}`;
    let name = id === undefined ? undefined : operationNames.recall(id);
    let operationType: OperationType | undefined;
    let detail: string | undefined;
    if (role === 'start') {
      const operation = requestedOperation(payload);
      name = operation.name;
      operationType = operation.type;
      if (id !== undefined && name !== undefined) operationNames.remember(id, name);
    } else if (role === 'error' || (role === 'result' && isRecord(payload) && payload.errors !== undefined)) {
      const message = firstErrorMessage(payload);
      detail = message === undefined ? 'errors' : `error ${clip(message)}`;
    }
    if ((role === 'complete' || role === 'stop') && id !== undefined) operationNames.forget(id);
    const decoded: Decoded = {
      protocol,
      kind: type,
      name,
      id,
      payload,
      correlation: correlationOf(role, dir, id),
      summary: summaryOf(type, operationType, name && clip(name), idPart, detail),
    };
    if (HEARTBEAT_ROLES.has(role)) decoded.heartbeat = true;
    return decoded;
  }

  function decode(frame: DecoderFrame): DecodeResult {
    if (frame.opcode === 'binary') return { ok: false, note: 'GraphQL over WebSocket sends text frames only' };
    const parsed = parseJson(frame.data);
    if (!parsed.ok || !isRecord(parsed.value)) return unparsable(frame, 'not a JSON object');
    const { type, id, payload } = parsed.value;
    if (typeof type !== 'string') return unparsable(frame, 'message without a type');
    const role = Object.hasOwn(roles, type) ? roles[type] : undefined;
    if (role === undefined) return { ok: false, note: `unknown ${dialect} message type: ${clip(type, 40)}` };
    return { ok: true, messages: [describe(type, role, idText(id), payload, frame.dir)] };
  }

  return { protocol, decode };
}
