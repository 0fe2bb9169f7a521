/**
 * One LLM response as it streams: its assembled text, thinking and tool calls, and the timing a
 * user asks about (time to first token, chunks per second, the longest stall), built one frame
 * at a time in O(frame). Pure: the tracker (llm-tracker.ts) feeds it the frames of the log.
 */
import { clip, makeInlineInvisiblesVisible, makeInvisiblesVisible } from '../format/visible-text';
import type { FrameRead, LlmFormat, Usage } from './frame-reader';
import { createTextRope, type TextRope } from './text-rope';

/** The answer's text kept per response; a long one is some tens of thousands. */
export const MAX_TEXT_CHARS = 500_000;
/** Thinking and each tool call's arguments. */
export const MAX_SIDE_CHARS = 64 * 1024;
/** Tool calls listed per response; more are counted. */
export const MAX_TOOL_CALLS = 16;
const MAX_ERRORS = 5;
/** A model name, finish reason, tool name or id: one line, and short, whatever the stream sends. */
const MAX_LABEL_CHARS = 200;
const MAX_ERROR_CHARS = 1000;

const label = (text: string): string => makeInvisiblesVisible(clip(text, MAX_LABEL_CHARS));

export interface ToolCall {
  key: string;
  name: string;
  id: string | undefined;
  args: TextRope;
}

/** Where the time to first token is measured from. */
export type RequestMark = 'request' | 'reconnection' | 'previous response';

export interface StreamStats {
  /** Frames that contributed content (text, thinking or tool arguments). */
  chunks: number;
  firstChunkTime: number | null;
  lastChunkTime: number | null;
  /** The longest time between two content chunks, and the message id of the chunk after it. */
  longestGap: number;
  longestGapId: number | null;
}

export interface Stream {
  format: LlmFormat | null;
  readonly firstId: number;
  lastId: number;
  /** When the request this response answers went out (see `requestMark`). */
  readonly requestTime: number;
  readonly requestMark: RequestMark;
  model: string | null;
  usage: Usage | null;
  finishReason: string | null;
  /** The stream said it is over ([DONE], message_stop, response.completed). */
  ended: boolean;
  readonly text: TextRope;
  readonly thinking: TextRope;
  readonly tools: ToolCall[];
  /** Chunks of the tool calls past MAX_TOOL_CALLS. */
  toolChunksNotListed: number;
  errors: string[];
  errorsNotListed: number;
  stats: StreamStats;
  /** Frames of the stream that did not read as any LLM event (invalid JSON, another shape). */
  unread: number;
  keepalives: number;
  /** Chunks of other choices (`n` > 1), not assembled. */
  otherChoices: number;
  /** Events of the connection never reached the panel (or were dropped before being read): the text may have holes. */
  holes: boolean;
}

export function createStream(firstId: number, requestTime: number, requestMark: RequestMark): Stream {
  return {
    format: null,
    firstId,
    lastId: firstId,
    requestTime,
    requestMark,
    model: null,
    usage: null,
    finishReason: null,
    ended: false,
    text: createTextRope(MAX_TEXT_CHARS),
    thinking: createTextRope(MAX_SIDE_CHARS),
    tools: [],
    toolChunksNotListed: 0,
    errors: [],
    errorsNotListed: 0,
    stats: { chunks: 0, firstChunkTime: null, lastChunkTime: null, longestGap: 0, longestGapId: null },
    unread: 0,
    keepalives: 0,
    otherChoices: 0,
    holes: false,
  };
}

/** Memory the stream holds, in UTF-16 units, for the tracker's budget. */
export function streamCost(stream: Stream): number {
  let cost = stream.text.cost + stream.thinking.cost;
  for (const tool of stream.tools) cost += tool.args.cost + tool.name.length;
  return cost;
}

/** A frame that starts a new response, rather than continuing this one. */
export function startsAnother(stream: Stream, read: FrameRead): boolean {
  return stream.ended || (read.events.some((e) => e.kind === 'start') && (stream.stats.chunks > 0 || stream.model !== null));
}

function toolCall(stream: Stream, key: string, name: string | undefined, id: string | undefined): ToolCall | null {
  const known = stream.tools.find((t) => t.key === key);
  if (known) {
    if (name !== undefined && known.name === '') known.name = name;
    known.id ??= id;
    return known;
  }
  if (stream.tools.length >= MAX_TOOL_CALLS) {
    stream.toolChunksNotListed++;
    return null;
  }
  const call: ToolCall = { key, name: name ?? '', id, args: createTextRope(MAX_SIDE_CHARS) };
  stream.tools.push(call);
  return call;
}

function mergeUsage(stream: Stream, usage: Usage): void {
  // Anthropic sends input in message_start and output in message_delta: both are kept.
  stream.usage = { ...stream.usage, ...usage };
}

/**
 * Applies one frame (message `id`, at `time`) to the stream. What it keeps is safe to show as is:
 * invisible characters as escapes (a bidi override must not reorder what the user reads).
 */
export function applyFrame(stream: Stream, id: number, time: number, read: FrameRead): void {
  stream.lastId = id;
  if (read.format && stream.format === null) stream.format = read.format;
  let content = false;
  for (const event of read.events) {
    switch (event.kind) {
      case 'text':
      case 'thinking':
        if (event.text.length === 0) break;
        keep(event.kind === 'text' ? stream.text : stream.thinking, id, event.text);
        content = true;
        break;
      case 'tool': {
        const call = toolCall(stream, label(event.key), event.name === undefined ? undefined : label(event.name), event.id === undefined ? undefined : label(event.id));
        if (event.args) {
          if (call) keep(call.args, id, event.args);
          content = true;
        }
        break;
      }
      case 'model':
        stream.model ??= label(event.model);
        break;
      case 'usage':
        mergeUsage(stream, event.usage);
        break;
      case 'finish':
        stream.finishReason = label(event.reason);
        break;
      case 'error':
        if (stream.errors.length < MAX_ERRORS) stream.errors.push(makeInvisiblesVisible(clip(event.message, MAX_ERROR_CHARS)));
        else stream.errorsNotListed++;
        break;
      case 'end':
        stream.ended = true;
        break;
      case 'keepalive':
        stream.keepalives++;
        break;
      case 'other-choice':
        stream.otherChoices++;
        break;
      case 'start':
        break;
    }
  }
  if (content) countChunk(stream.stats, id, time);
}

/** Past its cap a rope only counts: the escaping, the costly part, is skipped then. */
function keep(rope: TextRope, id: number, text: string): void {
  rope.append(id, rope.dropped > 0 ? text : makeInlineInvisiblesVisible(text));
}

function countChunk(stats: StreamStats, id: number, time: number): void {
  if (stats.lastChunkTime !== null) {
    const gap = time - stats.lastChunkTime;
    if (gap > stats.longestGap || stats.longestGapId === null) {
      stats.longestGap = gap;
      stats.longestGapId = id;
    }
  }
  stats.firstChunkTime ??= time;
  stats.lastChunkTime = time;
  stats.chunks++;
}

export interface StreamTiming {
  /** From the request to the first content chunk, ms. */
  timeToFirstToken: number | null;
  /** Content chunks per second between the first and the last one. */
  chunksPerSecond: number | null;
  /** From the first content chunk to the last, ms. */
  streaming: number | null;
}

export function streamTiming(stream: Stream): StreamTiming {
  const { chunks, firstChunkTime, lastChunkTime } = stream.stats;
  if (firstChunkTime === null || lastChunkTime === null) return { timeToFirstToken: null, chunksPerSecond: null, streaming: null };
  const streaming = lastChunkTime - firstChunkTime;
  return {
    timeToFirstToken: Math.max(0, firstChunkTime - stream.requestTime),
    // The first chunk starts the clock: n chunks span n - 1 intervals.
    chunksPerSecond: chunks > 1 && streaming > 0 ? ((chunks - 1) * 1000) / streaming : null,
    streaming,
  };
}
