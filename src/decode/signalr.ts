/**
 * The SignalR JSON hub protocol: JSON records each ended by the record separator `\x1e`, several
 * to a frame. The first record each way is the handshake (`{"protocol":"json","version":1}`, then
 * `{}` or `{"error":...}`); every later one has a numeric `type`.
 * https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md
 *
 * The binary MessagePack hub protocol is not decoded.
 */
import type { Direction } from '../shared/protocol';
import { bodilessRequest } from './polling';
import { resultOf } from './result';
import { isRecord, type Rec } from '../shared/guards';
import { clip, idText, parseJson, summaryOf } from './text';
import { requestOf, responseOf, type Decoded, type DecodeResult, type DecoderFrame, type FrameDecoder } from './types';

export const SIGNALR_RECORD_SEPARATOR = '\x1e';
const MAX_RECORDS_PER_FRAME = 1000;

/** Hub message types by their number in the protocol. */
const HUB_MESSAGE_KINDS: Record<number, string> = {
  1: 'invocation',
  2: 'stream item',
  3: 'completion',
  4: 'stream invocation',
  5: 'cancel invocation',
  6: 'ping',
  7: 'close',
  // Stateful reconnect (ASP.NET Core 8).
  8: 'ack',
  9: 'sequence',
};

function describeHandshake(record: Rec, dir: Direction): Decoded {
  if (dir === 'out') {
    const protocol = idText(record.protocol);
    return {
      protocol: 'signalr',
      kind: 'handshake',
      name: protocol,
      payload: record,
      correlation: requestOf(dir, 'handshake'),
      summary: summaryOf('handshake', protocol && clip(protocol), record.version !== undefined && `v${String(record.version)}`),
    };
  }
  const error = idText(record.error);
  return {
    protocol: 'signalr',
    kind: 'handshake response',
    payload: record,
    correlation: responseOf(dir, 'handshake'),
    summary: summaryOf('handshake response', error === undefined ? 'ok' : `error ${clip(error)}`),
  };
}

function describeHubMessage(record: Rec, type: number, dir: Direction): Decoded {
  const kind = HUB_MESSAGE_KINDS[type] ?? `type ${type}`;
  const id = idText(record.invocationId);
  const target = idText(record.target);
  const idPart = id === undefined ? undefined : `#${clip(id)}`;
  const base = { protocol: 'signalr' as const, kind, id, name: target };
  switch (type) {
    case 1:
    case 4:
      return {
        ...base,
        payload: record.arguments,
        // A fire-and-forget invocation has no id and gets no completion.
        correlation: id === undefined ? undefined : requestOf(dir, `invocation:${id}`),
        summary: summaryOf(kind, target && clip(target), idPart),
      };
    case 2:
      return { ...base, payload: record.item, correlation: id === undefined ? undefined : responseOf(dir, `invocation:${id}`), summary: summaryOf(kind, idPart) };
    case 3: {
      const error = idText(record.error);
      return {
        ...base,
        payload: error === undefined ? record.result : record.error,
        correlation: id === undefined ? undefined : responseOf(dir, `invocation:${id}`),
        summary: summaryOf(kind, idPart, error !== undefined && `error ${clip(error)}`),
      };
    }
    case 6:
      return { ...base, summary: summaryOf(kind, idPart), heartbeat: true };
    case 7: {
      const error = idText(record.error);
      return { ...base, payload: record, summary: summaryOf(kind, error && `error ${clip(error)}`) };
    }
    case 8:
    case 9: {
      const sequence = idText(record.sequenceId);
      return { ...base, id: sequence, summary: summaryOf(kind, sequence) };
    }
    default:
      return { ...base, summary: summaryOf(kind, idPart) };
  }
}

/** One record, or a reason it is not a SignalR message. */
function describeRecord(text: string, dir: Direction): Decoded | string {
  const parsed = parseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) return 'record is not a JSON object';
  const record = parsed.value;
  if (record.type === undefined) return describeHandshake(record, dir);
  return typeof record.type === 'number' ? describeHubMessage(record, record.type, dir) : 'record type is not a number';
}

export function createSignalRDecoder(): FrameDecoder {
  function decode(frame: DecoderFrame): DecodeResult {
    if (frame.opcode === 'binary') return { ok: false, note: 'MessagePack hub protocol: not decoded' };
    const request = bodilessRequest(frame, 'signalr');
    if (request) return { ok: true, messages: [request] };
    // A polling channel's responses come cut into records already, their separators gone.
    const text = frame.status !== undefined && !frame.data.includes(SIGNALR_RECORD_SEPARATOR) ? frame.data + SIGNALR_RECORD_SEPARATOR : frame.data;
    const records = text.split(SIGNALR_RECORD_SEPARATOR, MAX_RECORDS_PER_FRAME + 2);
    // Every record ends with the separator, so the last piece is empty unless the frame was cut.
    const unread = records.length > MAX_RECORDS_PER_FRAME + 1 ? `more than ${MAX_RECORDS_PER_FRAME} records` : records.at(-1) ? 'record without its separator' : undefined;
    const messages: Decoded[] = [];
    const problems: string[] = [];
    for (const record of records.slice(0, Math.min(records.length - 1, MAX_RECORDS_PER_FRAME))) {
      const result = describeRecord(record, frame.dir);
      if (typeof result === 'string') problems.push(result);
      else messages.push(result);
    }
    if (unread) problems.push(unread);
    return resultOf(messages, problems, frame, 'no SignalR record');
  }

  return { protocol: 'signalr', decode };
}
