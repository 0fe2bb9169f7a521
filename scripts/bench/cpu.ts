/**
 * The inspected page's main-thread work, as its renderer counts it: CDP's TaskDuration, the time
 * spent in tasks on the main thread. Frametap's content script runs on that same thread, so its
 * work is in there too, as it is for a user.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface TaskClock {
  /** Seconds of main-thread task time since the renderer started. */
  read(): Promise<number>;
  close(): Promise<void>;
}

export async function openTaskClock(page: Page): Promise<TaskClock> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    async read() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const task = metrics.find((m) => m.name === 'TaskDuration');
      if (!task) throw new Error('the renderer reports no TaskDuration');
      return task.value;
    },
    close: () => cdp.detach().catch(() => undefined),
  };
}

/** Main-thread milliseconds per 1,000 units of work (round trips, messages). */
export const msPerThousand = (taskSeconds: number, units: number): number => (units > 0 ? (taskSeconds * 1000 * 1000) / units : Number.NaN);
