/** The six ways the benchmark runs Chromium, all open at once so that runs can alternate. */
import type { Page } from 'playwright-core';
import { interceptRule, rulesKeyOf, type InterceptRule } from '../../src/shared/intercept-rules';
import { currentServiceWorker, launch, openPanel, type Session } from '../../test/e2e/harness';
import { openTaskClock, type TaskClock } from './cpu';
import { openNetworkMessagesView, type NetworkMessagesView } from './devtools-network';

export type SetupName = 'none' | 'closed' | 'open' | 'rules' | 'devtools' | 'workers';

/** Where the page measures run; `workers` differs from `open` only for a worker's traffic. */
export const PAGE_SETUPS: readonly SetupName[] = ['none', 'closed', 'open', 'rules', 'devtools'];
/** Where the worker's echo runs: without Frametap, with it idle for workers, and capturing them. */
export const WORKER_SETUPS: readonly SetupName[] = ['none', 'closed', 'open', 'workers'];

export const SETUP_LABELS: Record<SetupName, string> = {
  none: 'No extension',
  closed: 'Frametap, panel closed',
  open: 'Frametap, panel open',
  rules: 'Frametap, panel open, 10 rules',
  devtools: 'Chrome DevTools, Network Messages (no Frametap)',
  workers: 'Frametap, panel open, worker traffic on',
};

/**
 * Ten rules of every kind of match, on every connection, that no benchmark message matches: each
 * message is tried against all ten (text searched, regexes run, JSON parsed for its fields, Socket.IO
 * packets read), and goes on as it was. What rules cost a page whose traffic they let through.
 */
function benchRules(): InterceptRule[] {
  const rule = (n: number, fields: Partial<InterceptRule>): InterceptRule => interceptRule(`bench-${n}`, fields);
  return [
    rule(1, { match: 'frametap-bench-never-1' }),
    rule(2, { match: 'frametap-bench-never-2', action: 'pause' }),
    rule(3, { match: 'frametap-bench-never-3', action: 'rewrite', replacement: 'x' }),
    rule(4, { direction: 'out', match: 'frametap-bench-never-4', action: 'respond', replacement: 'y' }),
    rule(5, { match: '/^never-\\d+$/' }),
    rule(6, { match: '/"never":\\s*(\\d+)/i', action: 'delay', delayMs: 100 }),
    rule(7, { match: '/frametap-bench-(never|nope)-7/g', action: 'rewrite', replacement: '$1' }),
    rule(8, { field: 'json', path: 'never.here', match: 'x' }),
    rule(9, { field: 'json', path: 'items[0].never', action: 'rewrite', replacement: '1' }),
    rule(10, { field: 'event', match: 'never-an-event' }),
  ];
}

export interface Setup {
  name: SetupName;
  session: Session;
  /** The inspected page: the first tab, visible in its own window. */
  page: Page;
  /** The page's main-thread time. */
  taskClock: TaskClock;
  /** The standalone panel page, in a window of its own; for `open`, `rules` and `workers`. */
  panel: Page | null;
  /** DevTools' Network panel; only for `devtools`. */
  network: NetworkMessagesView | null;
  close(): Promise<void>;
}

export async function startSetup(name: SetupName, pageUrl: string): Promise<Setup> {
  const withPanel = name === 'open' || name === 'rules' || name === 'workers';
  // Granted as once the user allowed it: the worker switch's request then resolves at once.
  const session = await launch({ extension: name === 'closed' || withPanel, devtools: name === 'devtools', grantOptionalPermissions: name === 'workers' });
  const page = session.page;
  await page.goto(pageUrl);
  const network = name === 'devtools' ? await openNetworkMessagesView(session) : null;
  let panel: Page | null = null;
  if (name === 'rules') {
    // Stored for the page's origin before the panel opens: the panel reads and applies them, as a user's.
    const worker = await currentServiceWorker(session);
    await worker.evaluate(([key, rules]) => chrome.storage.local.set({ [key as string]: rules }), [rulesKeyOf(new URL(pageUrl).origin), benchRules()] as const);
  }
  if (withPanel) {
    panel = await openPanel(session, page);
    await panel.getByRole('grid', { name: 'Messages' }).waitFor();
    if (name === 'rules') await panel.getByText('10 rules active').waitFor();
    if (name === 'workers') {
      // The sidebar's switch, as a user turns it on: workers that start from now on are hooked.
      const workerSwitch = panel.getByRole('group', { name: 'Worker traffic' });
      await workerSwitch.getByRole('button', { name: 'Show worker traffic' }).click();
      await workerSwitch.getByRole('button', { name: 'Stop' }).waitFor();
    }
    await page.bringToFront();
  }
  const taskClock = await openTaskClock(page);
  return {
    name,
    session,
    page,
    taskClock,
    panel,
    network,
    async close() {
      await taskClock.close();
      await network?.close();
      await session.close();
    },
  };
}
