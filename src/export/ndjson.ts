/**
 * Frametap's NDJSON: one JSON object a line, easy to grep, `jq` and stream. The first line names
 * the format; then every hook event as the protocol types it (`type` create, open, frame, close or
 * error), frames also carrying their connection's `url` and `kind` so that a line stands alone.
 * The lifecycle lines are what lets an import rebuild the connections.
 */
import { isHookEvent } from '../shared/guards';
import type { ConnId, CreateEvent, HookEvent } from '../shared/protocol';
import { groupByConnection, kindOf } from './connections';
import { createImportBuilder, importedFrame, type ImportedConnection, type ImportOptions, type ImportResult } from './import-builder';
import { isRecord, parseJson, stringOf } from './values';

export const NDJSON_FORMAT = 'frametap-ndjson';
export const NDJSON_VERSION = 1;

export interface NdjsonExportOptions {
  /** Frametap's version, for the header line. */
  version: string;
}

export function toNdjson(events: readonly HookEvent[], options: NdjsonExportOptions): string {
  const connections = new Map<ConnId, { url: string; kind: CreateEvent['kind'] }>();
  for (const group of groupByConnection(events)) connections.set(group.conn, { url: group.create?.url ?? '', kind: kindOf(group) });
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
      // A filtered export may lack the create: rebuild it from what a frame line carries.
      connection = builder.connection({
        kind: record.kind === 'sse' ? 'sse' : 'ws',
        url: stringOf(record.url) ?? '',
        protocols: [],
        withCredentials: false,
        frameUrl: '',
        time: value.time,
      });
      connections.set(value.conn, connection);
    }
    const { conn: _conn, seq: _seq, ...body } = value;
    connection.add(body.type === 'frame' ? importedFrame(frameFields(body)) : body);
  }
  if (recognized === 0) return { ok: false, error: 'The file holds no Frametap NDJSON records.' };
  return builder.result();
}

function createFields(event: CreateEvent): Omit<CreateEvent, 'conn' | 'seq' | 'type'> {
  const { kind, url, protocols, withCredentials, frameUrl, time } = event;
  return { kind, url, protocols, withCredentials, frameUrl, time };
}

/** Only the frame's own fields: a frame line also carries its connection's url and kind. */
function frameFields(frame: Omit<Extract<HookEvent, { type: 'frame' }>, 'conn' | 'seq'>): Parameters<typeof importedFrame>[0] {
  const { dir, via, opcode, size, data, truncated, event, lastEventId, time } = frame;
  return { dir, via, opcode, size, data, truncated, time, ...(event === undefined ? {} : { event }), ...(lastEventId === undefined ? {} : { lastEventId }) };
}
