import { describe, expect, it, vi } from 'vitest';

/**
 * Node has no FileReader, which the hook reads Blobs with: this stand-in does what the browser's
 * readAsArrayBuffer does, through the same accessors (the real one runs in the e2e tests).
 */
vi.hoisted(() => {
  class NodeFileReader {
    #result: ArrayBuffer | null = null;
    #onload: (() => void) | null = null;
    #onerror: (() => void) | null = null;
    get result(): ArrayBuffer | null {
      return this.#result;
    }
    set onload(handler: () => void) {
      this.#onload = handler;
    }
    set onerror(handler: () => void) {
      this.#onerror = handler;
    }
    readAsArrayBuffer(blob: Blob): void {
      blob.arrayBuffer().then(
        (buffer) => {
          this.#result = buffer;
          this.#onload?.();
        },
        () => this.#onerror?.(),
      );
    }
  }
  (globalThis as { FileReader?: unknown }).FileReader ??= NodeFileReader;
});
import { MAX_CAPTURED_PAYLOAD_BYTES } from '../shared/constants';
import { base64Of, bytesOfPageValue, readBlob, captureBytes, captureText, isBlob, utf8Head, utf8Size, type CapturedPayload } from './payload';

const utf8 = (text: string): number => new TextEncoder().encode(text).length;

describe('utf8Size', () => {
  it.each(['', 'ascii', 'é', '€', '😀', 'mixed é€😀 text', '\u07ff\u0800\uffff'])('counts %j as TextEncoder does', (text) => {
    expect(utf8Size(text)).toBe(utf8(text));
  });

  it('counts a lone surrogate as U+FFFD, which the browser sends instead', () => {
    expect(utf8Size('a\ud800b')).toBe(utf8('a\ufffdb'));
    expect(utf8Size('\udc00')).toBe(3);
    expect(utf8Size('end\ud83d')).toBe(6);
    // Long texts are measured in chunks; a pair across a chunk's end still counts as 4 bytes.
    for (const at of [16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1]) {
      const text = 'a'.repeat(at) + '\ud83d\ude00' + 'é'.repeat(40_000) + '\ud800';
      expect(utf8Size(text)).toBe(utf8(text.slice(0, -1)) + 3);
    }
  });
});

describe('utf8Head', () => {
  it('keeps the longest head that fits, never splitting a character', () => {
    expect(utf8Head('aé€😀', 1)).toBe('a');
    expect(utf8Head('aé€😀', 2)).toBe('a');
    expect(utf8Head('aé€😀', 3)).toBe('aé');
    expect(utf8Head('aé€😀', 9)).toBe('aé€');
    expect(utf8Head('aé€😀', 10)).toBe('aé€😀');
  });
});

describe('captureText', () => {
  it('keeps text whole with its UTF-8 size', () => {
    expect(captureText('héllo')).toEqual({ opcode: 'text', size: 6, data: 'héllo', truncated: false });
  });

  it('cuts text over the limit by characters, so that its UTF-8 bytes fit, and keeps the true size', () => {
    const text = 'é'.repeat(MAX_CAPTURED_PAYLOAD_BYTES / 2 + 1);
    const captured = captureText(text);
    expect(captured.truncated).toBe(true);
    expect(captured.size).toBe(MAX_CAPTURED_PAYLOAD_BYTES + 2);
    expect((captured.data as string).length).toBe(MAX_CAPTURED_PAYLOAD_BYTES / 2);
  });
});

describe('binary', () => {
  const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff);

  it('encodes base64 like Buffer does, across chunk boundaries', () => {
    expect(base64Of(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64Of(new Uint8Array(0))).toBe('');
  });

  it('reads every kind of buffer and view, honouring offset and length', () => {
    const buffer = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).buffer;
    const hex = (value: object): string => Buffer.from(bytesOfPageValue(value) as Uint8Array).toString('hex');
    expect(hex(buffer)).toBe('00010203040506070809');
    expect(hex(new Uint8Array(buffer, 2, 3))).toBe('020304');
    expect(hex(new Uint16Array(buffer, 4, 2))).toBe('04050607');
    expect(hex(new DataView(buffer, 7))).toBe('070809');
    expect(hex(new Float64Array(1))).toBe('0000000000000000');
  });

  it('tells buffers and Blobs from anything else without touching the page-visible properties', () => {
    const fake = { byteLength: 3, buffer: new ArrayBuffer(3), size: 3 };
    expect(bytesOfPageValue(fake)).toBeNull();
    expect(bytesOfPageValue(Object.create(ArrayBuffer.prototype) as object)).toBeNull();
    expect(isBlob(fake)).toBe(false);
    expect(isBlob(new Blob(['x']))).toBe(true);
  });

  it('measures text without calling anything the page may have replaced on RegExp.prototype', () => {
    const { exec } = RegExp.prototype;
    const seen: unknown[] = [];
    RegExp.prototype.exec = function (this: RegExp, text: string) {
      seen.push(text);
      return exec.call(this, text);
    };
    try {
      expect([utf8Size('plain'), utf8Size('héllo')]).toEqual([5, 6]);
    } finally {
      RegExp.prototype.exec = exec;
    }
    expect(seen).toEqual([]);
  });

  it('cuts binary over the limit to its first bytes and keeps the true size', () => {
    const big = new Uint8Array(MAX_CAPTURED_PAYLOAD_BYTES + 5);
    big[0] = 0xff;
    const captured = captureBytes(big);
    expect(captured).toMatchObject({ opcode: 'binary', size: MAX_CAPTURED_PAYLOAD_BYTES + 5, truncated: true });
    expect((captured.data as Uint8Array).length).toBe(MAX_CAPTURED_PAYLOAD_BYTES);
    expect((captured.data as Uint8Array)[0]).toBe(0xff);
  });

  it('keeps a copy of the bytes, not a view of the page’s buffer', () => {
    const page = new Uint8Array([1, 2, 3, 4]);
    const captured = captureBytes(page.subarray(1, 3));
    page.fill(9);
    expect(captured.data).toEqual(new Uint8Array([2, 3]));
  });

  it('reads a Blob asynchronously', async () => {
    const captured = await new Promise<CapturedPayload>((resolve) => readBlob(new Blob(['blob', new Uint8Array([0, 255])]), resolve));
    expect(captured).toEqual({ opcode: 'binary', size: 6, data: new Uint8Array([...Buffer.from('blob'), 0, 255]), truncated: false });
  });
});
