/**
 * Pages that fight back (test/fixtures/hostile-pages.ts): a strict CSP, a replaced WebSocket,
 * frozen prototypes, overridden built-ins, a page posing as Frametap's hook. Each page runs in a
 * Chromium without the extension and in one with it: the page must observe exactly the same,
 * and the capture must be complete and free of anything forged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HookEvent } from '../../src/shared/protocol';
import { connectionsOf, conversationFrames, eventSourceOf, expectedConversation, FORGED_TEXT, hostilePages, socketClosed, socketOf, type HostilePage } from '../fixtures/hostile-pages';
import { hookEvents, launch, openEventTap, until, useDemoServer } from './harness';

type Report = Record<string, unknown>;

const demo = useDemoServer();
let pages: HostilePage[];

beforeAll(async () => {
  pages = hostilePages(demo.server.wsOrigin);
  for (const { name, html, headers } of pages) demo.server.addPage(`/${name}.html`, html, headers);
});

interface Run {
  reports: Map<string, Report>;
  /** Everything the hook delivered while the pages ran; empty without the extension. */
  captured: HookEvent[];
}

async function runAll(extension: boolean): Promise<Run> {
  const session = await launch({ extension });
  try {
    const tap = extension ? await openEventTap(session, session.page) : null;
    const reports = new Map<string, Report>();
    for (const { name } of pages) {
      await session.page.goto(`${demo.server.origin}/${name}.html`);
      reports.set(name, await session.page.evaluate(() => (window as unknown as { report: Promise<Report> }).report));
      // Leave the page only once its socket's close reached the tap: events of a document that
      // unloads within milliseconds of them, before its relay has connected, go with it.
      if (tap) await until(`${name}’s socket closed in the capture`, async () => socketClosed(hookEvents(await tap.events()), name));
    }
    const captured = tap ? hookEvents(await tap.events()) : [];
    return { reports, captured };
  } finally {
    await session.close();
  }
}

/**
 * The one known difference (README, Limits): V8 names an object in an error message after its
 * `constructor` only when that is a plain function (Object::NoSideEffectsToString); the hook's
 * WebSocket is a Proxy, so a message about `WebSocket.prototype` or a socket says
 * `[object WebSocket]` where Chrome says `#<WebSocket>`.
 */
const FROZEN_WITH_FRAMETAP = (report: Report | undefined): Report | undefined =>
  report && { ...report, assignment: String(report.assignment).replace("'#<WebSocket>'", "'[object WebSocket]'") };

describe('pages that fight back', () => {
  let without: Run;
  let withExtension: Run;

  beforeAll(async () => {
    without = await runAll(false);
    withExtension = await runAll(true);
  }, 120_000);

  it('ran every conversation to its end (the baseline is sound)', () => {
    for (const { name } of pages) {
      const seen = without.reports.get(name)?.seen as { echoes: string[]; close: string; sse: string[] };
      expect(seen.echoes, name).toEqual([`${name} text`, 'bytes:1,2,3,250', `bytes:${[...Buffer.from(`${name} blob`)].join(',')}`]);
      expect(seen.close, name).toBe('4000 bye true');
      expect(seen.sse, name).toHaveLength(1);
    }
    expect(without.reports.get('csp')?.violations).toEqual([]);
    const overrides = without.reports.get('overrides')?.calls as Record<string, number>;
    expect(overrides['JSON.stringify'] ?? 0).toBe(0);
    expect(overrides['get then']).toBeGreaterThan(0);
  });

  for (const name of ['csp', 'replaced', 'frozen', 'overrides', 'forger']) {
    it(`lets the ${name} page observe exactly what it observes without Frametap`, () => {
      expect(withExtension.reports.get(name)).toEqual(name === 'frozen' ? FROZEN_WITH_FRAMETAP(without.reports.get(name)) : without.reports.get(name));
    });

    it(`captures the ${name} page’s conversation whole`, () => {
      const connections = connectionsOf(withExtension.captured, name);
      const socket = socketOf(connections);
      expect(conversationFrames(socket)).toEqual(expectedConversation(name));
      expect(socket?.find((e) => e.type === 'close')).toMatchObject({ code: 4000, reason: 'bye', initiator: 'page' });
      const sse = eventSourceOf(connections);
      expect(sse?.some((e) => e.type === 'frame' && e.dir === 'in')).toBe(true);
    });
  }

  it('never shows forged data as traffic', () => {
    expect(withExtension.reports.get('forger')?.acks).toBe(0);
    expect(withExtension.captured.some((e) => e.conn.startsWith('forged'))).toBe(false);
    expect(JSON.stringify(withExtension.captured)).not.toContain(FORGED_TEXT);
  });
});
