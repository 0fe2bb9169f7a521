/**
 * Opening the panel on a page that already had heavy traffic: how long until the panel shows
 * everything, whether that is every frame, and what it costs the page meanwhile. Black-box: it watches the
 * Messages grid's row count and the page's long tasks, whatever path the data takes.
 */
import { PAGE_BACKLOG_KEY } from '../../src/shared/page-backlog';
import { currentServiceWorker, openPanel, type Session } from '../../test/e2e/harness';
import { inPage } from './in-page';
import { receiveFlood, rowCount } from './panel-workloads';

export const ATTACH_FLOOD = { count: 50_000, size: 64 };
/**
 * 50,000 frames of 64 B weigh about 11 MB in the page backlog's reckoning, over its 10 MB
 * default: the run sets a budget that holds them all, as a user would in Settings.
 */
const ATTACH_BACKLOG_BYTES = 16 * 1024 * 1024;

async function setPageBacklogBytes(session: Session, bytes: number | null): Promise<void> {
  const worker = await currentServiceWorker(session);
  await worker.evaluate(
    ([key, value]) => (value === null ? chrome.storage.local.remove(key) : chrome.storage.local.set({ [key]: value })),
    [PAGE_BACKLOG_KEY, bytes] as const,
  );
}

/** The grid's rows besides the messages (`aria-rowcount` leaves out its header): the connection's open and close, the flood's end marker. */
const ROWS_BESIDE_MESSAGES = 3;

const POLL_MS = 20;
/** A count that has not moved for this long is all the panel will show. */
const SETTLE_MS = 3000;
const TIMEOUT_MS = 60_000;

export interface AttachFigures {
  /** From starting to open the panel until the grid reached its final count. */
  ms: number;
  /** That final count: `expectedRows` when every frame was shown. */
  rows: number;
  expectedRows: number;
  /** The page's longest task from opening the panel until the count settled. */
  longestTaskMs: number;
}

type WithLongest = typeof globalThis & { benchLongestTask?: { ms: number } };

/** On a fresh document of `pageUrl` for which no panel was ever open. */
export async function attachAfterFlood(session: Session, pageUrl: string, wsOrigin: string): Promise<AttachFigures> {
  const { page } = session;
  await setPageBacklogBytes(session, ATTACH_BACKLOG_BYTES);
  await page.goto(pageUrl);
  const { count, size } = ATTACH_FLOOD;
  await receiveFlood(page, `${wsOrigin}/ws/flood?count=${count}&size=${size}`, count, false);
  await inPage(page, () => {
    const longest = { ms: 0 };
    (globalThis as WithLongest).benchLongestTask = longest;
    // Long tasks are those over 50 ms; the page's own work is done by now, so any is Frametap's.
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longest.ms = Math.max(longest.ms, entry.duration);
    }).observe({ type: 'longtask' });
  }, null);

  const expectedRows = count + ROWS_BESIDE_MESSAGES;
  const started = Date.now();
  const panel = await openPanel(session, page);
  await page.bringToFront();
  let rows = await rowCount(panel);
  let shownAt = Date.now();
  // Until every row is there, or the count stopped moving after the first rows came.
  const moving = () => rows <= 1 || Date.now() - shownAt < SETTLE_MS;
  while (rows < expectedRows && moving() && Date.now() - started < TIMEOUT_MS) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = await rowCount(panel);
    if (now !== rows) shownAt = Date.now();
    rows = now;
  }
  const ms = shownAt - started;
  const longestTaskMs = await inPage(page, async () => {
    // Entries reach the observer after their task: give the last ones a moment.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const longest = (globalThis as WithLongest).benchLongestTask!.ms;
    delete (globalThis as WithLongest).benchLongestTask;
    return longest;
  }, null);
  await panel.close();
  await setPageBacklogBytes(session, null);
  return { ms, rows, expectedRows, longestTaskMs };
}
