import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';
import { replyTokens, tokenize } from './llm-text';
import { field, parseEventStream, type StreamBlock } from './test-clients';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

async function events(path: string, init?: RequestInit): Promise<Array<{ event?: string; data: string }>> {
  const response = await fetch(`${server.origin}${path}`, init);
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  return parseEventStream(await response.text()).map((block: StreamBlock) => ({ event: field(block, 'event'), data: field(block, 'data') ?? '' }));
}

const post = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ prompt: 'Say something nice' }) };

describe('LLM token streams', () => {
  it('/llm/openai streams Chat Completions chunks: role, one per token, stop, [DONE]', async () => {
    const stream = await events('/llm/openai?tokens=5&interval=0', post);
    expect(stream.at(-1)).toEqual({ event: undefined, data: '[DONE]' });
    const chunks = stream.slice(0, -1).map(({ data }) => JSON.parse(data) as { id: string; choices: Array<{ delta: { content?: string }; finish_reason: string | null }> });
    expect(chunks[0]).toMatchObject({ object: 'chat.completion.chunk', model: 'demo-1', created: expect.any(Number), choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    expect(chunks.at(-1)?.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'stop' });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[0]?.id).toMatch(/^chatcmpl-/);
    const text = chunks.slice(1, -1).map((chunk) => chunk.choices[0]?.delta.content).join('');
    expect(text).toBe('Streaming lets a model send');
  });

  it('/llm/anthropic streams Messages events in order, with text deltas', async () => {
    const stream = await events('/llm/anthropic?tokens=3&interval=0', post);
    expect(stream.map(({ event }) => event)).toEqual([
      'message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_delta',
      'content_block_stop', 'message_delta', 'message_stop',
    ]);
    for (const { event, data } of stream) expect(JSON.parse(data)).toMatchObject({ type: event });
    expect(JSON.parse(stream[0]?.data ?? '')).toMatchObject({ message: { role: 'assistant', usage: { input_tokens: 3 } } });
    expect(JSON.parse(stream[3]?.data ?? '')).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Streaming' } });
    expect(JSON.parse(stream[7]?.data ?? '')).toMatchObject({ delta: { stop_reason: 'end_turn' } });
  });

  it('/llm/responses streams Responses API events, over GET for EventSource too', async () => {
    const stream = await events('/llm/responses?interval=0&text=Hello%20there%20friend');
    expect(stream.map(({ event }) => event)).toEqual([
      'response.created', 'response.output_text.delta', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.completed',
    ]);
    const payloads = stream.map(({ data }) => JSON.parse(data) as Record<string, unknown>);
    expect(payloads.map((p) => p.sequence_number)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(payloads.slice(1, 4).map((p) => p.delta)).toEqual(['Hello', ' there', ' friend']);
    expect(payloads[4]).toMatchObject({ type: 'response.output_text.done', text: 'Hello there friend' });
    expect(payloads[5]).toMatchObject({ response: { status: 'completed', output: [{ content: [{ type: 'output_text', text: 'Hello there friend' }] }] } });
  });

  it('paces tokens `interval` ms apart and refuses a body that is not JSON', async () => {
    const started = Date.now();
    await events('/llm/openai?tokens=4&interval=40');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    const bad = await fetch(`${server.origin}/llm/anthropic`, { method: 'POST', body: '{nope' });
    expect(bad.status).toBe(400);
  });
});

describe('replyTokens', () => {
  it('cuts words with their leading spaces, and repeats the reply past its end', () => {
    expect(tokenize(' a  b\nc')).toEqual([' a', '  b', '\nc']);
    const long = replyTokens(200);
    expect(long).toHaveLength(200);
    expect(long.join('')).toMatch(/^Streaming lets a model send each word the moment it has chosen\. The page/);
    expect(long.slice(1).every((token) => /^\s/.test(token))).toBe(true);
  });
});
