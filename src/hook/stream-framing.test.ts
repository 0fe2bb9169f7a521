import { describe, expect, it } from 'vitest';
import type { Framing } from '../shared/protocol';
import { createFramer, type FramedMessage, type FramingOptions } from './stream-framing';

const encoder = new TextEncoder();

function frame(framing: Framing, chunks: (string | Uint8Array)[], options?: FramingOptions): { messages: FramedMessage[]; unfinished: number } {
  const messages: FramedMessage[] = [];
  const framer = createFramer(framing, (m) => messages.push(m), options);
  for (const chunk of chunks) framer.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
  return { messages, unfinished: framer.end() };
}

const texts = (messages: FramedMessage[]): unknown[] => messages.map((m) => m.payload.data);

/** Cuts `text` into chunks of `size` bytes. */
function chunked(text: string, size: number): Uint8Array[] {
  const all = encoder.encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += size) chunks.push(all.slice(i, i + size));
  return chunks;
}

describe('stream framing', () => {
  it('cuts NDJSON into lines, whatever the chunks, without blank lines or CRs', () => {
    const text = '{"n":1}\r\n\n{"n":"é"}\n{"n":3}';
    for (let size = 1; size <= text.length; size++) {
      const { messages } = frame('ndjson', chunked(text, size));
      expect(texts(messages)).toEqual(['{"n":1}', '{"n":"é"}', '{"n":3}']);
    }
    expect(frame('ndjson', ['{"n":1}\n']).messages[0]?.payload).toEqual({ opcode: 'text', size: 7, data: '{"n":1}', truncated: false });
  });

  it('cuts JSON text sequences at the record separator', () => {
    const { messages } = frame('json-seq', chunked('\u001e{"a":1}\n\u001e{"a":2}\n', 3));
    expect(texts(messages)).toEqual(['{"a":1}', '{"a":2}']);
  });

  it('splits Engine.IO v4 payloads at U+001E and v3 payloads by their length prefixes', () => {
    expect(texts(frame('engine.io', ['4hello\u001e42["a",1]'], { engineIoVersion: 4 }).messages)).toEqual(['4hello', '42["a",1]']);
    expect(texts(frame('engine.io', ['6:4hello9:42["a",1]'], { engineIoVersion: 3 }).messages)).toEqual(['4hello', '42["a",1]']);
    expect(texts(frame('engine.io', ['x:nonsense'], { engineIoVersion: 3 }).messages)).toEqual(['x:nonsense']);
  });

  it('reads multipart/x-mixed-replace part by part, text parts as text and others as bytes', () => {
    const body = '--b\r\nContent-Type: application/json\r\n\r\n{"n":1}\r\n--b\r\nContent-Type: image/png\r\n\r\n\x01\n\x02\r\n--b--\r\n';
    for (const size of [1, 5, 1000]) {
      const { messages } = frame('multipart', chunked(body, size), { boundary: 'b' });
      expect(messages.map((m) => m.payload.opcode)).toEqual(['text', 'binary']);
      expect(messages[0]?.payload.data).toBe('{"n":1}');
      expect(Array.from(messages[1]?.payload.data as Uint8Array)).toEqual([1, 10, 2]);
    }
  });

  it('keeps a whole body as one message, empty included, and reports an SSE event cut short', () => {
    expect(texts(frame('whole', ['{"a"', ':1}']).messages)).toEqual(['{"a":1}']);
    expect(texts(frame('whole', []).messages)).toEqual(['']);
    expect(frame('sse', ['data: 1\n\ndata: 2']).unfinished).toBe(7);
  });
});
