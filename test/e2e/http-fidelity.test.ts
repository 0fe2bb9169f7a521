/**
 * The page must not be able to tell that Frametap reads its fetch and XHR streams: one probe
 * (test/fixtures/http-fidelity-probe.ts) reads the demo server's streams every way a page can,
 * in a Chromium without the extension and in one with it, and the two reports must be equal,
 * while the one with it captured what the page read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreateEvent, HookEvent } from '../../src/shared/protocol';
import { addHttpFidelityPages, probeCaptured } from '../fixtures/http-fidelity-probe';
import { useDemoServer } from './harness';
import { runProbe, type ProbeRun, type Report } from './probe-run';


const demo = useDemoServer();

beforeAll(() => addHttpFidelityPages(demo.server));

const probe = (extension: boolean): Promise<ProbeRun> => runProbe(`${demo.server.origin}/http-fidelity.html`, extension, probeCaptured);

describe('HTTP fidelity', () => {
  let without: Report;
  let withExtension: Report;
  let captured: HookEvent[];

  beforeAll(async () => {
    ({ report: without } = await probe(false));
    ({ report: withExtension, captured } = await probe(true));
  }, 120_000);

  it('gives the page the same observations with and without the extension', () => {
    for (const key of Object.keys(without)) expect.soft(withExtension[key], key).toEqual(without[key]);
    expect(Object.keys(withExtension)).toEqual(Object.keys(without));
  });

  it('probed what it meant to (the baseline is sound)', () => {
    expect(without.reader).toMatchObject({ value: { before: { status: 200, contentType: 'text/event-stream; charset=utf-8', bodyUsed: false } } });
    expect(without.badUrl).toMatchObject({ error: { name: 'TypeError' } });
    expect(without.abortWhileReading).toMatchObject({ value: { pending: { name: 'AbortError' } } });
    expect(without.unhandled).toHaveLength(1);
    expect(without.xhrSync).toMatchObject({ value: { status: 200, lines: 2 } });
    expect(without.serviceWorker).toMatchObject({ value: { text: expect.stringContaining('from the service worker 3') } });
  });

  it('captured the streams the page read', () => {
    const creates = captured.filter((e): e is CreateEvent => e.type === 'create');
    expect(creates.filter((c) => c.kind === 'stream' && c.framing === 'sse').length).toBeGreaterThanOrEqual(10);
    expect(creates.some((c) => c.api === 'xhr' && c.framing === 'ndjson')).toBe(true);
    expect(creates.some((c) => c.framing === 'multipart')).toBe(true);
    const fromWorker = creates.find((c) => c.url.endsWith('/sw-stream'));
    expect(fromWorker).toMatchObject({ kind: 'stream', framing: 'sse' });
    const frames = captured.filter((e) => e.conn === fromWorker?.conn && e.type === 'frame');
    expect(frames.map((f) => (f.type === 'frame' ? f.data : ''))).toEqual([1, 2, 3].map((n) => `from the service worker ${n}`));
  });
});
