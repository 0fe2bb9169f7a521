/**
 * The page must not be able to tell that Frametap is there, in Firefox too. The same probe as
 * Chromium's (test/fixtures/fidelity-probe.ts: WebSocket and EventSource's surface, events,
 * exceptions, binary types, close codes, a burst, a big frame) and the same pages that fight back
 * (test/fixtures/hostile-pages.ts) run in a Firefox without the add-on and in one with it, in one
 * run: the reports must be equal, and the capture whole and free of anything forged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { capturedProbeRun, fidelityProbe, wholeProbeRun, type ProbeOptions } from '../fixtures/fidelity-probe';
import {
  connectionsOf,
  conversationFrames,
  eventSourceOf,
  expectedConversation,
  FORGED_TEXT,
  hostilePages,
  socketClosed,
  socketOf,
  type HostilePage,
} from '../fixtures/hostile-pages';
import type { HookEvent } from '../../src/shared/protocol';
import { hookEvents, until, useDemoServer } from '../e2e/harness';
import { launchFirefox, openEventTap } from './harness';

type Report = Record<string, unknown>;

const BURST = 10_000;
const BIG_TEXT_CHARS = 4 * 1024 * 1024;

const demo = useDemoServer();
let pages: HostilePage[];

beforeAll(() => {
  const options: ProbeOptions = { wsOrigin: demo.server.wsOrigin, bigTextChars: BIG_TEXT_CHARS, burstCount: BURST };
  demo.server.addPage(
    '/fidelity.html',
    `<!doctype html><html><head><meta charset="utf-8"><script>
window.report = (${fidelityProbe.toString()})(${JSON.stringify(options)});
</script></head><body>fidelity probe</body></html>`,
  );
  pages = hostilePages(demo.server.wsOrigin);
  for (const { name, html, headers } of pages) demo.server.addPage(`/${name}.html`, html, headers);
});

interface ProbedError {
  message?: string;
  stack?: string;
}

/**
 * A probe report without what SpiderMonkey lets a page see of a Proxy-based hook (README,
 * Firefox): it names a WebIDL conversion's culprit after the calling expression, which is then the
 * hook's; and it defines
 * the standard classes on `window` lazily, in the order scripts first touch them, so the hook's
 * startup changes the order (not the set) of `window`'s own names.
 */
function withoutKnownDifferences(report: Report): Report {
  const errors = report.exceptions as Record<string, ProbedError>;
  const exceptions = Object.fromEntries(
    Object.entries(errors).map(([name, error]) => {
      const { message, ...rest } = error;
      return [name, name === 'notIterable' ? rest : { ...rest, message }];
    }),
  );
  return {
    ...report,
    exceptions,
    windowNamesAtStart: [...(report.windowNamesAtStart as string[])].sort(),
    windowNamesAtEnd: [...(report.windowNamesAtEnd as string[])].sort(),
  };
}

/** The burst's last echo: everything before it came first, in order. */
const burstCaptured = (events: HookEvent[]): boolean => events.some((e) => e.type === 'frame' && e.dir === 'in' && e.data === `m${BURST - 1}`);

interface Run {
  reports: Map<string, Report>;
  /** What the hook delivered while the pages ran; empty without the add-on. */
  captured: HookEvent[];
}

async function runAll(extension: boolean): Promise<Run> {
  const session = await launchFirefox({ extension });
  try {
    const tap = extension ? await openEventTap(session, session.page) : null;
    const reports = new Map<string, Report>();
    await session.page.goto(`${demo.server.origin}/fidelity.html`);
    reports.set('fidelity', await session.page.evaluate(() => (window as unknown as { report: Promise<Report> }).report));
    if (tap) await until('the probe’s burst captured', async () => burstCaptured(hookEvents(await tap.events())), 60_000);
    for (const { name } of pages) {
      await session.page.goto(`${demo.server.origin}/${name}.html`);
      reports.set(name, await session.page.evaluate(() => (window as unknown as { report: Promise<Report> }).report));
      // Leave the page only once its socket's close reached the tap (see faults-hostile-pages).
      if (tap) await until(`${name}’s socket closed in the capture`, async () => socketClosed(hookEvents(await tap.events()), name));
    }
    return { reports, captured: tap ? hookEvents(await tap.events()) : [] };
  } finally {
    await session.close();
  }
}

describe('fidelity in Firefox', () => {
  let without: Run;
  let withExtension: Run;

  beforeAll(async () => {
    without = await runAll(false);
    withExtension = await runAll(true);
  }, 240_000);

  it('probed what it meant to (the baseline is sound)', () => {
    const fidelity = without.reports.get('fidelity') as Report;
    expect((fidelity.webSocket as { source: string }).source).toMatch(/^function WebSocket\(\) \{\s*\[native code\]\s*\}$/);
    expect(fidelity.burst).toEqual({ done: 'ok', count: BURST, inOrder: true });
    expect(fidelity.bigText).toEqual({ done: 'ok', length: BIG_TEXT_CHARS, intact: true });
    expect(fidelity.windowMessages).toBe(0);
    expect((fidelity.conversation as { done: string }).done).toBe('ok');
    for (const { name } of pages) expect((without.reports.get(name)?.seen as { close: string }).close, name).toBe('4000 bye true');
  });

  it('gives the probe page the same observations with and without the add-on, but for SpiderMonkey’s known differences', () => {
    expect(withoutKnownDifferences(withExtension.reports.get('fidelity') as Report)).toEqual(withoutKnownDifferences(without.reports.get('fidelity') as Report));
  });

  it('differs exactly where the README says: a conversion error naming the hook’s expression, the order of window’s names', () => {
    const observed = withExtension.reports.get('fidelity') as { exceptions: Record<string, ProbedError> };
    const expected = without.reports.get('fidelity') as { exceptions: Record<string, ProbedError> };
    expect(expected.exceptions.notIterable?.message).toBe('({[Symbol.iterator]:1}) is not iterable');
    expect(observed.exceptions.notIterable?.message).toBe('args[1] is not iterable');
    // Its stack, though, is the page's alone, as without the hook.
    expect(observed.exceptions.notIterable?.stack).toBe(expected.exceptions.notIterable?.stack);
  });

  for (const name of ['csp', 'replaced', 'frozen', 'overrides', 'forger']) {
    it(`lets the ${name} page observe exactly what it observes without Frametap, and captures its conversation whole`, () => {
      expect(withExtension.reports.get(name)).toEqual(without.reports.get(name));
      const connections = connectionsOf(withExtension.captured, name);
      const socket = socketOf(connections);
      expect(conversationFrames(socket)).toEqual(expectedConversation(name));
      expect(socket?.find((e) => e.type === 'close')).toMatchObject({ code: 4000, reason: 'bye', initiator: 'page' });
      expect(eventSourceOf(connections)?.some((e) => e.type === 'frame' && e.dir === 'in')).toBe(true);
    });
  }

  it('lets no extension URL reach the page', () => {
    expect(JSON.stringify([...withExtension.reports.values()])).not.toContain('moz-extension://');
  });

  it('never shows forged data as traffic', () => {
    expect(withExtension.reports.get('forger')?.acks).toBe(0);
    expect(withExtension.captured.some((e) => e.conn.startsWith('forged'))).toBe(false);
    expect(JSON.stringify(withExtension.captured)).not.toContain(FORGED_TEXT);
  });

  it('captured the probe’s run whole: the burst in order each way, the big frame each way', () => {
    expect(capturedProbeRun(withExtension.captured, BIG_TEXT_CHARS)).toEqual(wholeProbeRun(BURST, BIG_TEXT_CHARS));
  });
});
