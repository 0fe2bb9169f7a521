import { describe, expect, it } from 'vitest';
import { readFrame, type LlmEvent } from './frame-reader';
import { anthropic, openAiChat, responses } from './streams.fixture';

const eventsOf = (frames: readonly (readonly [string, string])[]): LlmEvent[] => frames.flatMap(([e, d]) => readFrame(e, d)?.events ?? []);
const texts = (events: LlmEvent[]) => events.flatMap((e) => (e.kind === 'text' ? [e.text] : []));

describe('readFrame', () => {
  it('reads OpenAI Chat Completions chunks: content, finish reason, usage, [DONE]', () => {
    const frames = openAiChat(['Hel', 'lo']);
    expect(readFrame(...frames[1]!)?.format).toBe('openai-chat');
    const events = eventsOf(frames);
    expect(texts(events)).toEqual(['Hel', 'lo']);
    expect(events).toContainEqual({ kind: 'finish', reason: 'stop' });
    expect(events).toContainEqual({ kind: 'usage', usage: { input: 9, output: 2, total: 11 } });
    expect(events).toContainEqual({ kind: 'model', model: 'gpt-4o-mini' });
    expect(events[events.length - 1]).toEqual({ kind: 'end' });
  });

  it('reads Anthropic Messages events: text, thinking, tool input, stop reason, ping, error', () => {
    const events = eventsOf(anthropic(['Hi', ' there']));
    expect(texts(events)).toEqual(['Hi', ' there']);
    expect(events).toContainEqual({ kind: 'model', model: 'claude-sonnet-4-5' });
    expect(events).toContainEqual({ kind: 'finish', reason: 'end_turn' });
    expect(events).toContainEqual({ kind: 'keepalive' });
    expect(events).toContainEqual({ kind: 'end' });
    const delta = (index: number, d: object) => JSON.stringify({ type: 'content_block_delta', index, delta: d });
    expect(readFrame('content_block_delta', delta(0, { type: 'thinking_delta', thinking: 'hmm' }))?.events).toEqual([{ kind: 'thinking', text: 'hmm' }]);
    expect(readFrame('content_block_delta', delta(1, { type: 'input_json_delta', partial_json: '{"q":' }))?.events).toEqual([{ kind: 'tool', key: '1', args: '{"q":' }]);
    const toolStart = JSON.stringify({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'tu_1', name: 'search', input: {} } });
    expect(readFrame('content_block_start', toolStart)?.events).toEqual([{ kind: 'tool', key: '1', name: 'search', id: 'tu_1' }]);
    const error = JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(readFrame('error', error)).toEqual({ events: [{ kind: 'error', message: 'overloaded_error: Overloaded' }] });
  });

  it('reads OpenAI Responses events: deltas, function call arguments, completion with usage', () => {
    const events = eventsOf(responses(['A', 'B']));
    expect(events[0]).toEqual({ kind: 'start' });
    expect(texts(events)).toEqual(['A', 'B']);
    expect(events).toContainEqual({ kind: 'usage', usage: { input: 12, output: 2, total: 14 } });
    expect(events).toContainEqual({ kind: 'finish', reason: 'completed' });
    const args = JSON.stringify({ type: 'response.function_call_arguments.delta', output_index: 1, delta: '{"city"' });
    expect(readFrame('response.function_call_arguments.delta', args)?.events).toEqual([{ kind: 'tool', key: '1', args: '{"city"' }]);
    const incomplete = JSON.stringify({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
    expect(readFrame('response.incomplete', incomplete)?.events).toEqual([{ kind: 'finish', reason: 'max_output_tokens' }, { kind: 'end' }]);
  });

  it('reads generic delta, text and token streams, and TGI tokens', () => {
    expect(readFrame('message', '{"delta":"x"}')).toEqual({ format: 'generic', events: [{ kind: 'text', text: 'x' }] });
    expect(readFrame('message', '{"token":{"id":1,"text":"y"},"generated_text":null}')?.events).toEqual([{ kind: 'text', text: 'y' }]);
    expect(readFrame('token', '{"text":"z","finish_reason":"length"}')?.events).toEqual([{ kind: 'text', text: 'z' }, { kind: 'finish', reason: 'length' }, { kind: 'end' }]);
  });

  it('is not fooled by other JSON, invalid JSON or wrong types, and survives deep nesting', () => {
    expect(readFrame('price', '{"symbol":"ACME","price":1}')).toBeNull();
    expect(readFrame('message', '{"delta": 5}')).toBeNull();
    expect(readFrame('message', '{"choices":[{"delta":{"content":')).toBeNull();
    expect(readFrame('message', 'plain text')).toBeNull();
    expect(readFrame('message', '[1,2]')).toBeNull();
    const deep = `{"delta":"ok","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(() => readFrame('message', deep)).not.toThrow();
    const odd = JSON.stringify({ object: 'chat.completion.chunk', choices: [null, 3, { index: 0, delta: { content: 7, tool_calls: 'no' } }, { index: 1, delta: { content: 'b' } }] });
    expect(readFrame('message', odd)?.events).toEqual([{ kind: 'other-choice' }]);
  });
});
