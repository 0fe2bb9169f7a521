/**
 * Frametap's NDJSON: one JSON object a line, easy to grep, `jq` and stream. The first line names
 * the format; then every hook event as the protocol types it (`type` create, open, frame, release,
 * close or error), frames also carrying their connection's `url` and `kind` (and a stream's or a poll's
 * `api` and `framing`) so that a line stands alone. The lifecycle lines are what lets an import
 * rebuild the connections.
 */
import { isHookEvent } from '../shared/guards';
import { INTERCEPT_FIELDS, type ConnId, type CreateEvent, type FrameEvent, type HookEvent } from '../shared/protocol';
import { groupByConnection, kindOf } from './connections';
import { createImportBuilder, importedFrame, type ImportedConnection, type ImportOptions, type ImportResult } from './import-builder';
import { CONN_KINDS, FRAMINGS, HTTP_APIS, isRecord, oneOf, parseJson, present, stringOf, type Rec } from './values';

export const NDJSON_FORMAT = 'frametap-ndjson';
export const NDJSON_VERSION = 1;

export interface NdjsonExportOptions {
  /** Frametap's version, for the header line. */
  version: string;
}

/** What a frame line says of its connection. */
type ConnectionFields = Pick<CreateEvent, 'url' | 'kind' | 'api' | 'framing'>;

export function toNdjson(events: readonly HookEvent[], options: NdjsonExportOptions): string {
  const connections = new Map<ConnId, ConnectionFields>();
  for (const group of groupByConnection(events)) {
    const { create } = group;
    connections.set(group.conn, { url: create?.url ?? '', kind: kindOf(group), ...(create ? present(create, ['api', 'framing']) : {}) });
  }
  const lines = [JSON.stringify({ format: NDJSON_FORMAT, version: NDJSON_VERSION, creator: { name: 'Frametap', version: options.version } })];
  for (const event of events) {
    lines.push(JSON.stringify(event.type === 'frame' ? { ...event, ...connections.get(event.conn) } : event));
  }
  return `${lines.join('\n')}\n`;
}

/** Lines read at most: well past what the panel keeps, short of what would stall it. */
const MAX_LINES = 2_000_000;

export function fromNdjson(text: string, options: ImportOptions = {}): ImportResult {
  const builder = createImportBuilder(options);
  const connections = new Map<string, ImportedConnection>();
  let lineCount = 0;
  let recognized = 0;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    if (++lineCount > MAX_LINES) {
      builder.skip();
      continue;
    }
    const parsed = parseJson(line);
    const value = parsed.ok ? parsed.value : undefined;
    const record = isRecord(value) ? value : {};
    if (record.format === NDJSON_FORMAT) {
      recognized++;
      continue;
    }
    if (!isHookEvent(value)) {
      builder.skip();
      continue;
    }
    recognized++;
    let connection = connections.get(value.conn);
    if (value.type === 'create') {
      // A second create for the same id starts over: keep the first, as the live panel does.
      if (connection) builder.skip();
      else connections.set(value.conn, builder.connection(createFields(value)));
      continue;
    }
    if (!connection) {
      connection = builder.connection(createOfLine(record, value));
      connections.set(value.conn, connection);
    }
    const { conn: _conn, seq: _seq, ...body } = value;
    connection.add(body.type === 'frame' ? importedFrame(frameFields(body)) : body);
  }
  if (recognized === 0) return { ok: false, error: 'The file holds no Frametap NDJSON records.' };
  return builder.result();
}

type CreateFields = Omit<CreateEvent, 'conn' | 'seq' | 'type'>;

/** The create's own fields (the guard let others through), the HTTP ones where the line has them. */
function createFields(event: CreateEvent): CreateFields {
  const { kind, url, protocols, withCredentials, frameUrl, time } = event;
  return { kind, url, protocols, withCredentials, frameUrl, time, ...present(event, ['api', 'method', 'framing', 'requestTime', 'intervalMs']) };
}

/**
 * A filtered export may lack a connection's create: it is rebuilt from what a frame line carries,
 * each field checked on its own. A stream's or a poll's method is not on the line (a frame's own
 * `method` is its request's): a request's is the best guess, else GET, fetch's and XHR's default.
 */
function createOfLine(line: Rec, frame: HookEvent): CreateFields {
  const kind = oneOf(CONN_KINDS, line.kind) ?? (frame.type === 'frame' && frame.event !== undefined ? 'sse' : 'ws');
  const base = { kind, url: stringOf(line.url) ?? '', protocols: [], withCredentials: false, frameUrl: '', time: frame.time };
  if (kind !== 'stream' && kind !== 'poll') return base;
  const method = (frame.type === 'frame' ? frame.method : undefined) ?? 'GET';
  return { ...base, api: oneOf(HTTP_APIS, line.api) ?? 'fetch', method, framing: oneOf(FRAMINGS, line.framing) ?? 'whole' };
}

/** Only the frame's own fields: a frame line also carries its connection's, and the hook's running totals are not imported. */
function frameFields(frame: Omit<FrameEvent, 'conn' | 'seq'>): Parameters<typeof importedFrame>[0] {
  const { dir, via, opcode, size, data, truncated, time } = frame;
  return {
    dir,
    via,
    opcode,
    size,
    data,
    truncated,
    time,
    ...present(frame, ['event', 'lastEventId', 'method', 'status']),
    // What an intercept rule did to it; the release of a paused one is a line of its own.
    ...present(frame, INTERCEPT_FIELDS),
  };
}
