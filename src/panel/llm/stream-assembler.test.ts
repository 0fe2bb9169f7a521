import { describe, expect, it } from 'vitest';
import { readFrame } from './frame-reader';
import { applyFrame, createStream, MAX_TOOL_CALLS, startsAnother, streamTiming } from './stream-assembler';

const apply = (stream: ReturnType<typeof createStream>, id: number, time: number, data: string, event = 'message') => {
  const read = readFrame(event, data);
  if (!read) throw new Error(`not a stream frame: ${data}`);
  applyFrame(stream, id, time, read);
};

describe('stream assembler', () => {
  it('keeps what it shows safe: invisible characters escaped, labels short and on one line', () => {
    const stream = createStream(0, 0, 'request');
    apply(stream, 1, 10, JSON.stringify({ model: `evil\u202Emodel\n${'m'.repeat(10_000)}`, delta: 'a\u202Eb\nc' }));
    expect(stream.text.text()).toBe('a\\u202Eb\nc');
    expect(stream.model!.startsWith('evil\\u202Emodel\\nmmm')).toBe(true);
    expect(stream.model!.length).toBeLessThan(250);
  });

  it('times the chunks from the request, and lists a bounded number of tool calls', () => {
    const stream = createStream(0, 100, 'request');
    for (let i = 0; i < MAX_TOOL_CALLS + 3; i++) {
      const delta = JSON.stringify({ type: 'content_block_delta', index: i, delta: { type: 'input_json_delta', partial_json: '{}' } });
      apply(stream, i + 1, 200 + i * 10, delta, 'content_block_delta');
    }
    expect(stream.tools).toHaveLength(MAX_TOOL_CALLS);
    expect(stream.toolChunksNotListed).toBe(3);
    expect(streamTiming(stream)).toEqual({ timeToFirstToken: 100, chunksPerSecond: 100, streaming: (MAX_TOOL_CALLS + 2) * 10 });
  });

  it('tells when a frame starts another response', () => {
    const stream = createStream(0, 0, 'request');
    const start = readFrame('message_start', JSON.stringify({ type: 'message_start', message: { model: 'm' } }))!;
    expect(startsAnother(stream, start)).toBe(false);
    applyFrame(stream, 1, 1, start);
    expect(startsAnother(stream, start)).toBe(true);
  });
});
