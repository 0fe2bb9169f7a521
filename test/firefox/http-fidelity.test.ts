/**
 * Streams read through fetch and XHR in Firefox: the same probe as Chromium's
 * (test/fixtures/http-fidelity-probe.ts: every way a page reads a stream, Response identity,
 * cancellation, aborts, back-pressure, a service worker's stream) in a Firefox without the add-on
 * and in one with it, in one run. The reports must be equal, and the capture must hold what the
 * page read, cut into its records (SSE, NDJSON, multipart).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreateEvent, HookEvent } from '../../src/shared/protocol';
import { addHttpFidelityPages, probeCaptured } from '../fixtures/http-fidelity-probe';
import { hookEvents, until, useDemoServer } from '../e2e/harness';
import { launchFirefox, openEventTap } from './harness';

type Report = Record<string, unknown>;

const demo = useDemoServer();

beforeAll(() => addHttpFidelityPages(demo.server));

async function probe(extension: boolean): Promise<{ report: Report; captured: HookEvent[] }> {
  const session = await launchFirefox({ extension });
  try {
    const tap = extension ? await openEventTap(session, session.page) : null;
    await session.page.goto(`${demo.server.origin}/http-fidelity.html`);
    const report = await session.page.evaluate(() => (window as unknown as { fidelityReport: Promise<Report> }).fidelityReport);
    if (!tap) return { report, captured: [] };
    const captured = await until('the probe’s streams captured', async () => {
      const all = hookEvents(await tap.events());
      return probeCaptured(all) ? all : undefined;
    });
    return { report, captured };
  } finally {
    await session.close();
  }
}

describe('HTTP fidelity in Firefox', () => {
  let without: Report;
  let withExtension: Report;
  let captured: HookEvent[];

  beforeAll(async () => {
    ({ report: without } = await probe(false));
    ({ report: withExtension, captured } = await probe(true));
  }, 180_000);

  it('gives the page the same observations with and without the add-on', () => {
    for (const key of Object.keys(without)) expect.soft(withExtension[key], key).toEqual(without[key]);
    expect(Object.keys(withExtension)).toEqual(Object.keys(without));
  });

  it('probed what it meant to (the baseline is sound)', () => {
    expect(without.reader).toMatchObject({ value: { before: { status: 200, contentType: 'text/event-stream; charset=utf-8', bodyUsed: false } } });
    expect(without.badUrl).toMatchObject({ error: { name: 'TypeError' } });
    expect(without.abortWhileReading).toMatchObject({ value: { pending: { name: 'AbortError' } } });
    expect(without.xhrSync).toMatchObject({ value: { status: 200, lines: 2 } });
  });

  it('captured the streams the page read, cut into their records', () => {
    const creates = captured.filter((e): e is CreateEvent => e.type === 'create');
    expect(creates.filter((c) => c.kind === 'stream' && c.framing === 'sse').length).toBeGreaterThanOrEqual(10);
    expect(creates.some((c) => c.api === 'xhr' && c.framing === 'ndjson')).toBe(true);
    expect(creates.some((c) => c.framing === 'multipart')).toBe(true);
  });
});
