import { describe, expect, it } from 'vitest';
import { decodeBase64Prefix } from './base64';
import { connectionTitle, stateLabel } from './connection-label';
import { hexDumpLines } from './hex-dump';
import { previewBinary, previewText } from './preview';
import { directionCell, typeLabel } from './row-cells';
import { formatBytes } from './size';
import { formatClock, formatClockMicros, formatDelta, formatExactTime, formatRelative } from './time';
import { originOf, pathAndHost } from './url';
import { clip, makeInvisiblesVisible } from './visible-text';
import { workerScriptName, workerTitle } from './worker-label';

const base64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');

describe('formatBytes', () => {
  it('writes sizes as DevTools does', () => {
    expect([0, 999, 1000, 1536, 12_345, 999_999, 16 * 1024 * 1024, 3e9].map(formatBytes)).toEqual([
      '0 B',
      '999 B',
      '1.00 kB',
      '1.54 kB',
      '12.3 kB',
      '1.00 MB',
      '16.8 MB',
      '3.00 GB',
    ]);
  });
});

describe('times', () => {
  it('shows the wall clock to the millisecond, and the exact time to the microsecond', () => {
    const t = new Date(2025, 0, 2, 3, 4, 5, 678).getTime() + 0.9125;
    expect(formatClock(t)).toBe('03:04:05.678');
    expect(formatExactTime(t)).toBe('2025-01-02 03:04:05.678912');
    expect(formatClockMicros(t)).toBe('03:04:05.678912');
    expect(formatClockMicros(new Date(2025, 0, 2, 23, 59, 59, 7).getTime())).toBe('23:59:59.007000');
  });

  it('shows the time since the connection started and since the previous message', () => {
    expect(formatRelative(1234.5)).toBe('+1.234 s');
    expect(formatRelative(123_456)).toBe('+2:03.456');
    expect(formatDelta(12.3456)).toBe('+12.346 ms');
    expect(formatDelta(0)).toBe('+0.000 ms');
    expect(formatDelta(-3)).toBe('−3.000 ms');
    expect(formatDelta(999.9994)).toBe('+999.999 ms');
    expect(formatDelta(1500)).toBe('+1.500 s');
    expect(formatDelta(-61_000)).toBe('−1:01.000');
  });
});

describe('text previews', () => {
  it('makes controls, bidi overrides and zero-width characters visible', () => {
    expect(makeInvisiblesVisible('a\nb\r\tc\u0000\u007f\u001b')).toBe('a\\nb\\r\\tc\\0\\u007F\\u001B');
    expect(makeInvisiblesVisible('safe\u202Etxt.exe\u200B\u{E0001}')).toBe('safe\\u202Etxt.exe\\u200B\\u{E0001}');
  });

  it('keeps previews to one bounded line', () => {
    const preview = previewText('x'.repeat(10_000), 200);
    expect(preview).toBe(`${'x'.repeat(200)}…`);
    expect(previewText('{"a":1}\n')).toBe('{"a":1}\\n');
  });

  it('never splits a surrogate pair', () => {
    expect(clip('ab😀c', 3)).toBe('ab');
    expect(clip('ab😀c', 4)).toBe('ab😀');
  });

  it('shows HTML as the characters it is made of', () => {
    expect(previewText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('binary', () => {
  it('previews the first bytes in hex with the size', () => {
    expect(previewBinary(base64([0, 1, 2, 255, 0xc3, 0x28]), 6)).toBe('00 01 02 ff c3 28 (6 B)');
    expect(previewBinary(base64(Array.from({ length: 100 }, (_, i) => i)), 100, 4)).toBe('00 01 02 03 … (100 B)');
  });

  it('decodes only the prefix it needs, and nothing of what is not base64', () => {
    expect(Array.from(decodeBase64Prefix(base64([1, 2, 3, 4, 5]), 4))).toEqual([1, 2, 3, 4]);
    expect(decodeBase64Prefix('*** not base64 ***', 4)).toHaveLength(0);
  });

  it('dumps 16 bytes a line with offsets and an ASCII column', () => {
    const bytes = new Uint8Array([...Buffer.from('Hello, world!\n'), 0, 1, 0xff, 0x41]);
    const [full, partial] = hexDumpLines(bytes);
    expect(full).toBe('00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 01  |Hello, world!...|');
    expect(partial).toMatch(/^00000010 {2}ff 41 +\|\.A\|$/);
    // A short last line keeps the ASCII column aligned.
    expect(partial!.indexOf('|')).toBe(full!.indexOf('|'));
    expect(hexDumpLines(new Uint8Array(0))).toEqual([]);
  });
});

describe('grid cells', () => {
  it('marks direction like DevTools, and frames the panel made apart', () => {
    expect(directionCell({ kind: 'frame', dir: 'out', via: 'page' }).symbol).toBe('↑');
    expect(directionCell({ kind: 'frame', dir: 'in', via: 'page' }).symbol).toBe('↓');
    expect(directionCell({ kind: 'frame', dir: 'out', via: 'panel' }).label).toBe('sent from Frametap');
    expect(directionCell({ kind: 'frame', dir: 'in', via: 'inject' }).label).toBe('injected by Frametap');
    expect(directionCell({ kind: 'close', dir: null, via: 'page' }).label).toBe('close');
  });

  it('names the type: opcode, SSE event type, or lifecycle event', () => {
    expect(typeLabel({ kind: 'frame', opcode: 'binary', event: undefined })).toBe('binary');
    expect(typeLabel({ kind: 'frame', opcode: 'text', event: 'price' })).toBe('price');
    expect(typeLabel({ kind: 'open', opcode: 'text', event: undefined })).toBe('open');
  });
});

describe('connection labels', () => {
  it('shortens URLs and names frame origins', () => {
    expect(pathAndHost('wss://example.test:8443/ws/echo?room=1')).toBe('/ws/echo?room=1 · example.test:8443');
    expect(pathAndHost('not a url')).toBe('not a url');
    expect(originOf('https://a.test/frame.html')).toBe('https://a.test');
    expect(originOf('about:blank')).toBe('about:blank');
    expect(connectionTitle({ url: 'wss://a.test/x', frameUrl: 'https://b.test/f' })).toBe('wss://a.test/x\nFrame: https://b.test');
  });

  it('states the close code and reason, made safe', () => {
    expect(stateLabel({ phase: 'closed', code: 4000, reason: 'bye\n', wasClean: true, initiator: 'server' })).toBe('closed 4000 “bye\\n”');
    expect(stateLabel({ phase: 'connecting', reconnecting: true })).toBe('reconnecting');
  });
});

describe('worker labels', () => {
  it('names a worker by its script’s file, and says the rest on hover', () => {
    expect(workerScriptName('https://a.test/js/sync.worker.js?v=3')).toBe('sync.worker.js');
    expect(workerScriptName('https://a.test/')).toBe('a.test');
    expect(workerScriptName('blob:https://a.test/5d1c-42')).toBe('Blob script');
    expect(workerScriptName('data:text/javascript,postMessage(1)')).toBe('data: script');
    expect(workerTitle({ kind: 'service', url: 'https://a.test/sw.js', name: '', startedBy: '', readOnly: true })).toBe(
      'Service worker: https://a.test/sw.js\nWatched through Chrome’s debugger: read-only, and intercept rules do not apply',
    );
    expect(workerTitle({ kind: 'dedicated', url: 'https://a.test/w.js', name: '', startedBy: '' })).toContain('send, inject, close and rules work');
    expect(workerTitle({ kind: 'shared', url: 'https://a.test/hub.js', name: 'hub', startedBy: '', readOnly: true }, ['https://a.test/', 'https://a.test/b'])).toBe(
      [
        'Shared worker: https://a.test/hub.js',
        'Name: hub',
        'Connected from: https://a.test/',
        'Connected from: https://a.test/b',
        'Watched through Chrome’s debugger: read-only, and intercept rules do not apply',
      ].join('\n'),
    );
  });
});
