/**
 * Fake language-model APIs that stream their reply token by token, in the wire formats of the
 * real ones (OpenAI Chat Completions, Anthropic Messages, OpenAI Responses), so the panel can be
 * tried on the SSE traffic that chat UIs actually read through fetch(). POST a JSON body
 * (`{"prompt":"…"}`, as a chat UI would) or GET (for EventSource); the reply's length and pace
 * come from the query: `tokens`, `interval`, or the whole reply as `text`.
 */
import { randomBytes } from 'node:crypto';
import type { HttpEndpoint, HttpExchange } from './http-endpoint';
import { HttpError } from './http-error';
import { intParam, textParam } from './params';
import { readJsonBody } from './request-body';
import { formatEvent, openEventStream } from './sse-format';
import { replyTokens, tokenize } from './llm-text';
import { createStreamWriter } from './stream-writer';

const MODEL = 'demo-1';
const MAX_BODY_BYTES = 64 * 1024;
const MAX_TEXT_CHARS = 16_000;

interface Reply {
  tokens: string[];
  /** Tokens in the prompt, for the formats that report usage. */
  promptTokens: number;
  /** Epoch seconds. */
  created: number;
}

/** One SSE event of a reply; `token` marks the ones sent `interval` ms apart. */
interface Frame {
  event?: string;
  data: string;
  token?: boolean;
}

const randomId = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

function openAiChat({ tokens, created }: Reply): Frame[] {
  const id = randomId('chatcmpl-');
  const chunk = (delta: object, finishReason: string | null) =>
    JSON.stringify({ id, object: 'chat.completion.chunk', created, model: MODEL, choices: [{ index: 0, delta, finish_reason: finishReason }] });
  return [
    { data: chunk({ role: 'assistant', content: '' }, null) },
    ...tokens.map((content): Frame => ({ data: chunk({ content }, null), token: true })),
    { data: chunk({}, 'stop') },
    { data: '[DONE]' },
  ];
}

function anthropicMessages({ tokens, promptTokens }: Reply): Frame[] {
  const frame = (type: string, body: object, token = false): Frame => ({ event: type, data: JSON.stringify({ type, ...body }), token });
  const message = {
    id: randomId('msg_'),
    type: 'message',
    role: 'assistant',
    model: MODEL,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: promptTokens, output_tokens: 1 },
  };
  return [
    frame('message_start', { message }),
    frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    frame('ping', {}),
    ...tokens.map((text) => frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }, true)),
    frame('content_block_stop', { index: 0 }),
    frame('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: tokens.length } }),
    frame('message_stop', {}),
  ];
}

function openAiResponses({ tokens, promptTokens, created }: Reply): Frame[] {
  let sequence = 0;
  const frame = (type: string, body: object, token = false): Frame => ({
    event: type,
    data: JSON.stringify({ type, sequence_number: sequence++, ...body }),
    token,
  });
  const itemId = randomId('msg_');
  const text = tokens.join('');
  const response = (status: string, output: object[], usage: object | null) => ({
    id: randomId('resp_'),
    object: 'response',
    created_at: created,
    status,
    model: MODEL,
    output,
    usage,
  });
  const where = { item_id: itemId, output_index: 0, content_index: 0 };
  return [
    frame('response.created', { response: response('in_progress', [], null) }),
    ...tokens.map((delta) => frame('response.output_text.delta', { ...where, delta }, true)),
    frame('response.output_text.done', { ...where, text }),
    frame('response.completed', {
      response: response(
        'completed',
        [{ id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }],
        { input_tokens: promptTokens, output_tokens: tokens.length, total_tokens: promptTokens + tokens.length },
      ),
    }),
  ];
}

/** The prompt of a POST's `{"prompt": "…"}` (or of chat-style `messages`), '' for a GET. */
async function readPrompt(exchange: HttpExchange): Promise<string> {
  if (exchange.request.method !== 'POST') return '';
  const body = await readJsonBody(exchange.request, MAX_BODY_BYTES);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'request body must be a JSON object');
  const { prompt, messages } = body as Record<string, unknown>;
  if (typeof prompt === 'string') return prompt;
  return JSON.stringify(messages ?? '');
}

function llmEndpoint(path: string, frames: (reply: Reply) => Frame[]): HttpEndpoint {
  return {
    path,
    methods: ['GET', 'POST'],
    async serve(exchange) {
      const { response, url, scope } = exchange;
      const count = intParam(url.searchParams, 'tokens', { fallback: 12, min: 1, max: 5000 });
      const interval = intParam(url.searchParams, 'interval', { fallback: 30, min: 0, max: 10_000 });
      const text = textParam(url.searchParams, 'text', MAX_TEXT_CHARS);
      const prompt = await readPrompt(exchange);
      const reply = { tokens: replyTokens(count, text), promptTokens: tokenize(prompt).length, created: Math.floor(Date.now() / 1000) };

      openEventStream(response);
      const out = createStreamWriter(response, scope);
      let tokensSent = 0;
      for (const { event, data, token } of frames(reply)) {
        if (token && tokensSent++ > 0 && interval > 0) await scope.delay(interval);
        await out.write(formatEvent({ event, data }));
      }
      await out.end();
    },
  };
}

export const llmEndpoints: HttpEndpoint[] = [
  llmEndpoint('/llm/openai', openAiChat),
  llmEndpoint('/llm/anthropic', anthropicMessages),
  llmEndpoint('/llm/responses', openAiResponses),
];
