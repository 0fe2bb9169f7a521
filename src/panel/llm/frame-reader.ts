/**
 * Reads one Server-Sent Event of an LLM token stream into what it means for the response:
 * text, thinking, tool-call arguments, the model, usage, the finish reason, the end.
 *
 * Four shapes are known: OpenAI Chat Completions chunks (and their legacy text completions),
 * OpenAI Responses API events, Anthropic Messages events, and generic `data:` JSON with a
 * `delta`, `text` or `token` field. Detection is by the event's type and the JSON's shape only,
 * never by how the stream was opened (EventSource or fetch). Everything is untrusted: every
 * field is type-checked, nothing recurses, and a value of the wrong type is ignored.
 */

export type LlmFormat = 'openai-chat' | 'openai-responses' | 'anthropic' | 'generic';

export const FORMAT_LABELS: Record<LlmFormat, string> = {
  'openai-chat': 'OpenAI Chat Completions',
  'openai-responses': 'OpenAI Responses',
  anthropic: 'Anthropic Messages',
  generic: 'JSON deltas',
};

export interface Usage {
  input?: number;
  output?: number;
  total?: number;
  /** Of the output: tokens spent thinking. */
  reasoning?: number;
  /** Of the input: tokens read from the prompt cache. */
  cached?: number;
}

export type LlmEvent =
  /** A new response begins (Anthropic `message_start`, Responses `response.created`). */
  | { kind: 'start' }
  | { kind: 'text'; text: string }
  | { kind: 'thinking'; text: string }
  /** A tool call, keyed by its block or output index; name and id come once, arguments in pieces. */
  | { kind: 'tool'; key: string; name?: string; id?: string; args?: string }
  | { kind: 'model'; model: string }
  | { kind: 'usage'; usage: Usage }
  | { kind: 'finish'; reason: string }
  | { kind: 'error'; message: string }
  /** The response is over (`[DONE]`, `message_stop`, `response.completed`). */
  | { kind: 'end' }
  | { kind: 'keepalive' }
  /** A chunk of another choice than the first (`n` > 1): not assembled. */
  | { kind: 'other-choice' };

export interface FrameRead {
  /** Absent for events every format shares (an `error`). */
  format?: LlmFormat;
  events: LlmEvent[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const obj = (value: unknown): Json | undefined => (isObject(value) ? value : undefined);

const ANTHROPIC_TYPES = new Set(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'ping']);

/** What the frame says about an LLM response, or null when it is not a frame of one. */
export function readFrame(event: string, data: string): FrameRead | null {
  const trimmed = data.trim();
  if (trimmed === '[DONE]') return { format: 'openai-chat', events: [{ kind: 'end' }] };
  if (trimmed[0] !== '{') return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  // Anthropic and the Responses API name the event twice, in `event:` and in `type`; the JSON wins.
  const type = str(value.type) ?? event;
  if (ANTHROPIC_TYPES.has(type)) return { format: 'anthropic', events: readAnthropic(type, value) };
  if (type.startsWith('response.')) return { format: 'openai-responses', events: readResponses(type, value) };
  if (type === 'error') return { events: [{ kind: 'error', message: errorMessage(value) }] };
  if (value.object === 'chat.completion.chunk' || value.object === 'text_completion' || Array.isArray(value.choices)) {
    return { format: 'openai-chat', events: readChatChunk(value) };
  }
  if (isObject(value.error) || typeof value.error === 'string') return { events: [{ kind: 'error', message: errorMessage(value) }] };
  const generic = readGeneric(value);
  return generic.length > 0 ? { format: 'generic', events: generic } : null;
}

/** `{error: {type, message}}`, `{error: "…"}` or `{message, code}`, as the APIs send them. */
function errorMessage(value: Json): string {
  const error = obj(value.error);
  const message = str(error?.message) ?? str(value.error) ?? str(value.message);
  const type = str(error?.type) ?? str(error?.code) ?? str(value.code);
  if (message !== undefined && type !== undefined) return `${type}: ${message}`;
  return message ?? type ?? 'error (no message)';
}

function readAnthropic(type: string, value: Json): LlmEvent[] {
  switch (type) {
    case 'message_start': {
      const message = obj(value.message);
      const events: LlmEvent[] = [{ kind: 'start' }];
      const model = str(message?.model);
      if (model !== undefined) events.push({ kind: 'model', model });
      const usage = anthropicUsage(obj(message?.usage));
      if (usage) events.push({ kind: 'usage', usage });
      return events;
    }
    case 'content_block_start': {
      const block = obj(value.content_block);
      const key = String(num(value.index) ?? 0);
      if (block?.type === 'tool_use' || block?.type === 'server_tool_use') {
        return [{ kind: 'tool', key, name: str(block.name) ?? '(unnamed tool)', id: str(block.id) }];
      }
      // A block may start with some text of its own; usually it is empty.
      const text = block?.type === 'text' ? str(block.text) : block?.type === 'thinking' ? str(block.thinking) : undefined;
      if (!text) return [];
      return [{ kind: block?.type === 'text' ? 'text' : 'thinking', text }];
    }
    case 'content_block_delta': {
      const delta = obj(value.delta);
      const key = String(num(value.index) ?? 0);
      const text = str(delta?.text);
      if (delta?.type === 'text_delta' && text !== undefined) return [{ kind: 'text', text }];
      const thinking = str(delta?.thinking);
      if (delta?.type === 'thinking_delta' && thinking !== undefined) return [{ kind: 'thinking', text: thinking }];
      const json = str(delta?.partial_json);
      if (delta?.type === 'input_json_delta' && json !== undefined) return [{ kind: 'tool', key, args: json }];
      return [];
    }
    case 'message_delta': {
      const events: LlmEvent[] = [];
      const reason = str(obj(value.delta)?.stop_reason);
      if (reason !== undefined) events.push({ kind: 'finish', reason });
      const usage = anthropicUsage(obj(value.usage));
      if (usage) events.push({ kind: 'usage', usage });
      return events;
    }
    case 'message_stop':
      return [{ kind: 'end' }];
    case 'ping':
      return [{ kind: 'keepalive' }];
    default:
      return [];
  }
}

function anthropicUsage(usage: Json | undefined): Usage | null {
  if (!usage) return null;
  return compactUsage({ input: num(usage.input_tokens), output: num(usage.output_tokens), cached: num(usage.cache_read_input_tokens) });
}

function readResponses(type: string, value: Json): LlmEvent[] {
  const delta = str(value.delta);
  const key = String(num(value.output_index) ?? str(value.item_id) ?? 0);
  switch (type) {
    case 'response.created': {
      const model = str(obj(value.response)?.model);
      return model === undefined ? [{ kind: 'start' }] : [{ kind: 'start' }, { kind: 'model', model }];
    }
    case 'response.output_text.delta':
    case 'response.refusal.delta':
      return delta === undefined ? [] : [{ kind: 'text', text: delta }];
    case 'response.reasoning_summary_text.delta':
    case 'response.reasoning_text.delta':
      return delta === undefined ? [] : [{ kind: 'thinking', text: delta }];
    case 'response.output_item.added': {
      const item = obj(value.item);
      if (item?.type !== 'function_call') return [];
      return [{ kind: 'tool', key, name: str(item.name) ?? '(unnamed tool)', id: str(item.call_id) }];
    }
    case 'response.function_call_arguments.delta':
      return delta === undefined ? [] : [{ kind: 'tool', key, args: delta }];
    case 'response.completed':
    case 'response.incomplete':
    case 'response.failed':
      return responseOutcome(obj(value.response));
    default:
      return [];
  }
}

function responseOutcome(response: Json | undefined): LlmEvent[] {
  const events: LlmEvent[] = [];
  const model = str(response?.model);
  if (model !== undefined) events.push({ kind: 'model', model });
  const usage = obj(response?.usage);
  if (usage) {
    const compact = compactUsage({
      input: num(usage.input_tokens),
      output: num(usage.output_tokens),
      total: num(usage.total_tokens),
      reasoning: num(obj(usage.output_tokens_details)?.reasoning_tokens),
      cached: num(obj(usage.input_tokens_details)?.cached_tokens),
    });
    if (compact) events.push({ kind: 'usage', usage: compact });
  }
  const error = obj(response?.error);
  if (error) events.push({ kind: 'error', message: errorMessage({ error }) });
  const reason = str(obj(response?.incomplete_details)?.reason) ?? str(response?.status);
  if (reason !== undefined) events.push({ kind: 'finish', reason });
  events.push({ kind: 'end' });
  return events;
}

function readChatChunk(value: Json): LlmEvent[] {
  const events: LlmEvent[] = [];
  const model = str(value.model);
  if (model !== undefined) events.push({ kind: 'model', model });
  const choices = Array.isArray(value.choices) ? value.choices : [];
  for (const choice of choices) {
    if (!isObject(choice)) continue;
    if ((num(choice.index) ?? 0) !== 0) {
      events.push({ kind: 'other-choice' });
      continue;
    }
    const delta = obj(choice.delta);
    const thinking = str(delta?.reasoning_content) ?? str(delta?.reasoning);
    if (thinking) events.push({ kind: 'thinking', text: thinking });
    // `text` is the legacy completions' delta; a refusal is what the user reads instead of content.
    const text = str(delta?.content) ?? str(delta?.refusal) ?? str(choice.text);
    if (text) events.push({ kind: 'text', text });
    const calls = Array.isArray(delta?.tool_calls) ? delta.tool_calls : [];
    for (const call of calls) {
      if (!isObject(call)) continue;
      const fn = obj(call.function);
      events.push({ kind: 'tool', key: String(num(call.index) ?? 0), name: str(fn?.name), id: str(call.id), args: str(fn?.arguments) });
    }
    const reason = str(choice.finish_reason);
    if (reason !== undefined) events.push({ kind: 'finish', reason });
  }
  const usage = obj(value.usage);
  if (usage) {
    const compact = compactUsage({
      input: num(usage.prompt_tokens),
      output: num(usage.completion_tokens),
      total: num(usage.total_tokens),
      reasoning: num(obj(usage.completion_tokens_details)?.reasoning_tokens),
      cached: num(obj(usage.prompt_tokens_details)?.cached_tokens),
    });
    if (compact) events.push({ kind: 'usage', usage: compact });
  }
  return events;
}

/** `{delta: "…"}`, `{text}`, `{token}`, `{token: {text}}` (TGI), `{completion}`; a finish reason and model if given. */
function readGeneric(value: Json): LlmEvent[] {
  const events: LlmEvent[] = [];
  const text =
    str(value.delta) ?? str(obj(value.delta)?.text) ?? str(value.text) ?? str(value.token) ?? str(obj(value.token)?.text) ?? str(value.completion);
  if (text !== undefined) events.push({ kind: 'text', text });
  const reason = str(value.finish_reason) ?? str(value.stop_reason) ?? str(obj(value.details)?.finish_reason);
  // Nothing else follows a generic stream's finish reason (TGI's last event carries it): the response is over.
  if (reason !== undefined) events.push({ kind: 'finish', reason }, { kind: 'end' });
  if (events.length === 0) return events;
  const model = str(value.model);
  if (model !== undefined) events.unshift({ kind: 'model', model });
  return events;
}

function compactUsage(usage: Usage): Usage | null {
  const entries = Object.entries(usage).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as Usage) : null;
}
