/** Real-shaped token streams of the formats the reader knows, as (event type, data) pairs. */
export type SseFrame = readonly [event: string, data: string];

const json = (value: unknown): string => JSON.stringify(value);

export function openAiChat(pieces: readonly string[], model = 'gpt-4o-mini'): SseFrame[] {
  const chunk = (delta: object, finish: string | null = null) =>
    json({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] });
  return [
    ['message', chunk({ role: 'assistant', content: '' })],
    ...pieces.map((p): SseFrame => ['message', chunk({ content: p })]),
    ['message', chunk({}, 'stop')],
    ['message', json({ id: 'chatcmpl-1', object: 'chat.completion.chunk', model, choices: [], usage: { prompt_tokens: 9, completion_tokens: pieces.length, total_tokens: 9 + pieces.length } })],
    ['message', '[DONE]'],
  ];
}

export function anthropic(pieces: readonly string[], model = 'claude-sonnet-4-5'): SseFrame[] {
  return [
    ['message_start', json({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model, content: [], usage: { input_tokens: 25, output_tokens: 1 } } })],
    ['content_block_start', json({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })],
    ['ping', json({ type: 'ping' })],
    ...pieces.map((p): SseFrame => ['content_block_delta', json({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p } })]),
    ['content_block_stop', json({ type: 'content_block_stop', index: 0 })],
    ['message_delta', json({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: pieces.length } })],
    ['message_stop', json({ type: 'message_stop' })],
  ];
}

export function responses(pieces: readonly string[], model = 'gpt-4.1'): SseFrame[] {
  const response = (status: string, extra: object = {}) => ({ id: 'resp_1', object: 'response', status, model, ...extra });
  return [
    ['response.created', json({ type: 'response.created', response: response('in_progress') })],
    ['response.output_item.added', json({ type: 'response.output_item.added', output_index: 0, item: { type: 'message', id: 'msg_1', role: 'assistant', content: [] } })],
    ...pieces.map((p): SseFrame => ['response.output_text.delta', json({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: p })]),
    ['response.output_text.done', json({ type: 'response.output_text.done', item_id: 'msg_1', output_index: 0, content_index: 0, text: pieces.join('') })],
    ['response.completed', json({ type: 'response.completed', response: response('completed', { usage: { input_tokens: 12, output_tokens: pieces.length, total_tokens: 12 + pieces.length } }) })],
  ];
}
