/**
 * What Frametap keeps in a page that had heavy traffic and is now idle, with its panel never
 * opened: the renderer's JS heap after a flood, with and without Frametap. The heap is the
 * renderer's one isolate, so it holds the content script's world as well as the page's.
 */
import type { Page } from 'playwright-core';
import { receiveFlood } from './panel-workloads';
import type { Setup } from './setups';

export const IDLE_FLOOD = { count: 60_000, size: 1024 };

/** Lets the hook hand its last batches on before the heap is read. */
const SETTLE_MS = 500;

async function usedHeapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    // Twice: the first collection can leave what only a finalizer or weak reference released.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

/**
 * Renderer heap in bytes of a fresh document of `pageUrl` (so no earlier round's backlog counts)
 * after it received the flood and closed the socket, the page keeping no reference to either.
 */
export async function idleHeapAfterFlood(setup: Setup, pageUrl: string, wsOrigin: string): Promise<number> {
  await setup.page.goto(pageUrl);
  const { count, size } = IDLE_FLOOD;
  await receiveFlood(setup.page, `${wsOrigin}/ws/flood?count=${count}&size=${size}`, count, false);
  await setup.page.waitForTimeout(SETTLE_MS);
  return usedHeapAfterGc(setup.page);
}
