/**
 * One run of a fidelity probe page (test/fixtures/*-probe.ts): in a Chromium with or without the
 * extension, the page's report, and with it, what the hook emitted once `captured` says enough has.
 */
import type { HookEvent } from '../../src/shared/protocol';
import { hookEvents, launch, openEventTap, until } from './harness';

export type Report = Record<string, unknown>;

export interface ProbeRun {
  report: Report;
  /** What the hook emitted during the run, with the extension; empty without it. */
  captured: HookEvent[];
}

/** Opens `url`, whose first script sets `window.fidelityReport` to the promise of its report. */
export async function runProbe(url: string, extension: boolean, captured: (events: HookEvent[]) => boolean): Promise<ProbeRun> {
  const session = await launch({ extension });
  try {
    const tap = extension ? await openEventTap(session, session.page) : null;
    await session.page.goto(url);
    const report = await session.page.evaluate(() => (window as unknown as { fidelityReport: Promise<Report> }).fidelityReport);
    if (!tap) return { report, captured: [] };
    const events = await until('the probe’s traffic captured', async () => {
      const all = hookEvents(await tap.events());
      return captured(all) ? all : undefined;
    });
    return { report, captured: events };
  } finally {
    await session.close();
  }
}
