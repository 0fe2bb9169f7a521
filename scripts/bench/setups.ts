/** The four ways the benchmark runs Chromium, all open at once so that runs can alternate. */
import type { Page } from 'playwright-core';
import { launch, openPanel, type Session } from '../../test/e2e/harness';
import { openTaskClock, type TaskClock } from './cpu';
import { openNetworkMessagesView, type NetworkMessagesView } from './devtools-network';

export type SetupName = 'none' | 'closed' | 'open' | 'devtools';

export const SETUP_LABELS: Record<SetupName, string> = {
  none: 'No extension',
  closed: 'Frametap, panel closed',
  open: 'Frametap, panel open',
  devtools: 'Chrome DevTools, Network Messages (no Frametap)',
};

export interface Setup {
  name: SetupName;
  session: Session;
  /** The inspected page: the first tab, visible in its own window. */
  page: Page;
  /** The page's main-thread time. */
  taskClock: TaskClock;
  /** The standalone panel page, in a window of its own; only for `open`. */
  panel: Page | null;
  /** DevTools' Network panel; only for `devtools`. */
  network: NetworkMessagesView | null;
  close(): Promise<void>;
}

export async function startSetup(name: SetupName, pageUrl: string): Promise<Setup> {
  const session = await launch({ extension: name === 'closed' || name === 'open', devtools: name === 'devtools' });
  const page = session.page;
  await page.goto(pageUrl);
  const network = name === 'devtools' ? await openNetworkMessagesView(session) : null;
  let panel: Page | null = null;
  if (name === 'open') {
    panel = await openPanel(session, page);
    await panel.getByRole('grid', { name: 'Messages' }).waitFor();
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
