/**
 * What the panel keeps up with: latency from the page to a row, sustained ingest, memory and
 * filtering. The panel is the standalone panel page in its own window; a row "exists" once the
 * Messages grid's `aria-rowcount` counts it.
 */
import type { Page } from 'playwright-core';
import { PORT_CONTENT, PROTOCOL_VERSION, SOURCE } from '../../src/shared/constants';
import { inContentScriptWorld } from '../../test/e2e/content-world';
import { openInNewWindow, panelUrl, tabIdOf, until, type Session } from '../../test/e2e/harness';
import { inPage } from './in-page';
import { percentile } from './stats';

const GRID = '[role="grid"][aria-label="Messages"]';

export async function rowCount(panel: Page): Promise<number> {
  return Number(await panel.getAttribute(GRID, 'aria-rowcount'));
}

/** Clear, then wait until the grid shows nothing but live connections' rows (none here). */
export async function clearPanel(panel: Page): Promise<void> {
  await panel.getByRole('button', { name: 'Clear', exact: true }).click();
  await until('the panel to clear', async () => (await rowCount(panel)) <= 1);
}

/** What the toolbar says the budgets dropped, "1,204 dropped (budget)", or 0. */
async function droppedByBudget(panel: Page): Promise<number> {
  const notice = panel.getByText(/dropped \(budget\)/);
  if ((await notice.count()) === 0) return 0;
  return Number((await notice.innerText()).replace(/[^\d]/g, ''));
}

/** Waits until `count()` reaches `target`, or stops moving for `settleMs`; returns the last count. */
async function waitForCount(count: () => Promise<number>, target: number, settleMs: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const now = await count();
    if (now >= target) return now;
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > settleMs || Date.now() > deadline) {
      return now;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const waitForRows = (panel: Page, rows: number, settleMs: number, timeoutMs: number): Promise<number> =>
  waitForCount(() => rowCount(panel), rows, settleMs, timeoutMs);

interface FloodReceipt {
  /** When each message arrived (epoch ms), if asked for. */
  times: number[];
  /** From the first message to the last. */
  seconds: number;
}

/** Page-side: opens a flood, waits for its end marker and closes the socket. */
export function receiveFlood(page: Page, url: string, count: number, keepTimes: boolean): Promise<FloodReceipt> {
  return inPage(page, async ({ url, count, keepTimes }: { url: string; count: number; keepTimes: boolean }) => {
    const times: number[] = [];
    const ws = new WebSocket(url);
    let received = 0;
    let first = 0;
    let last = 0;
    await new Promise<void>((resolve, reject) => {
      ws.onerror = reject;
      ws.onmessage = (event) => {
        if (received === count && String(event.data).includes('flood-end')) return resolve();
        received++;
        last = performance.now();
        if (received === 1) first = last;
        if (keepTimes) times.push(performance.timeOrigin + last);
      };
    });
    ws.close();
    return { times, seconds: (last - first) / 1000 };
  }, { url, count, keepTimes });
}

export interface Latency {
  p50: number;
  p99: number;
  samples: number;
}

/**
 * Page receive → row in the panel, for `count` 64-byte messages paced at `rate` per second, after
 * a second of the same stream: the latency of that steady stream, not of the panel's pace for the
 * flood measured before it (it draws 4 times a second for up to half a second after a flood).
 */
export async function endToEndLatency(page: Page, panel: Page, wsOrigin: string, rate: number, count: number): Promise<Latency> {
  const warmUp = rate;
  const total = warmUp + count;
  await clearPanel(panel);
  const base = await rowCount(panel);
  // The panel records when its row count moved; the clocks of both pages are epoch-based.
  await inPage(panel, (grid: string) => {
    const element = document.querySelector(grid)!;
    const marks: [number, number][] = [];
    (globalThis as { benchRowMarks?: unknown }).benchRowMarks = marks;
    new MutationObserver(() => {
      marks.push([performance.timeOrigin + performance.now(), Number(element.getAttribute('aria-rowcount'))]);
    }).observe(element, { attributes: true, attributeFilter: ['aria-rowcount'] });
  }, GRID);
  const { times: received } = await receiveFlood(page, `${wsOrigin}/ws/flood?count=${total}&size=64&rate=${rate}`, total, true);
  // Rows: the connection's open, the messages, the end marker (and the close, later).
  await waitForRows(panel, base + total + 2, 3000, 30_000);
  const marks = await inPage(panel, () => (globalThis as unknown as { benchRowMarks: [number, number][] }).benchRowMarks, null);
  const latencies: number[] = [];
  let at = 0;
  received.forEach((pageTime, i) => {
    const rowsNeeded = base + 1 + (i + 1);
    while (at < marks.length && marks[at]![1] < rowsNeeded) at++;
    if (i >= warmUp && at < marks.length) latencies.push(marks[at]![0] - pageTime);
  });
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies.length };
}

export interface IngestRun {
  /** Asked of the feeder. */
  rate: number;
  /** What the feeder really sent, messages per second. */
  achievedRate: number;
  lost: number;
  longestTaskMs: number;
  missedNotice: boolean;
  passed: boolean;
}

/** Where the panel ingest runs: a feeder page speaking as its own content relay, and a panel on that tab. */
export interface IngestRig {
  feeder: Page;
  extensionId: string;
  panel: Page;
}

/**
 * The panel alone, without the page's sockets and network in front: code in the feeder page's
 * content-script world connects to the service worker as its relay does, and feeds it hook
 * events in 4 ms batches, as the hook does, each as the hook's batch text. The service worker
 * and the panel do exactly what they do for any page.
 */
export async function openIngestRig(session: Session, feederUrl: string): Promise<IngestRig> {
  const feeder = await openInNewWindow(session, feederUrl);
  const tabId = await tabIdOf(session, feeder);
  const panel = await openInNewWindow(session, panelUrl(session, tabId));
  await panel.getByRole('grid', { name: 'Messages' }).waitFor();
  return { feeder, extensionId: session.extensionId, panel };
}

interface FeedPlan {
  portName: string;
  source: string;
  version: number;
  conn: string;
  rate: number;
  count: number;
}

/** Feeds `count` 64-byte received frames at `rate`/s on a new connection; returns the rate achieved. */
function feed({ feeder, extensionId }: IngestRig, plan: FeedPlan): Promise<number> {
  return inContentScriptWorld(feeder, extensionId, async ({ portName, source, version, conn, rate, count }: FeedPlan) => {
    const port = chrome.runtime.connect({ name: portName });
    // What the content relay forwards: the hook's batch text, unparsed, as the hook wrote it.
    const post = (events: unknown[]) => port.postMessage({ source, v: version, kind: 'batch', json: JSON.stringify({ source, v: version, events }) });
    const now = () => performance.timeOrigin + performance.now();
    post([
      { type: 'create', conn, seq: 0, time: now(), kind: 'ws', url: 'ws://feeder.invalid/ingest', protocols: [], withCredentials: false, frameUrl: location.href },
      { type: 'open', conn, seq: 1, time: now(), protocol: '', extensions: '' },
    ]);
    const data = 'x'.repeat(64);
    const started = performance.now();
    let sent = 0;
    while (sent < count) {
      const due = Math.min(count, Math.floor(((performance.now() - started) * rate) / 1000));
      const batch = [];
      for (; sent < due; sent++) {
        batch.push({ type: 'frame', conn, seq: sent + 2, time: now(), dir: 'in', via: 'page', opcode: 'text', size: 64, data, truncated: false });
      }
      if (batch.length > 0) post(batch);
      await new Promise((resolve) => setTimeout(resolve, 4));
    }
    const seconds = (performance.now() - started) / 1000;
    port.disconnect();
    return count / seconds;
  }, plan);
}

let feeds = 0;

/** Feeds 64-byte messages at `rate`/s for `seconds`; passes with nothing lost and no task over 100 ms. */
export async function sustainedIngest(rig: IngestRig, rate: number, seconds: number): Promise<IngestRun> {
  const { panel } = rig;
  await clearPanel(panel);
  const base = await rowCount(panel);
  await inPage(panel, () => {
    const longest = { ms: 0 };
    (globalThis as { benchLongest?: unknown }).benchLongest = longest;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longest.ms = Math.max(longest.ms, entry.duration);
    }).observe({ type: 'longtask' });
  }, null);
  const count = rate * seconds;
  const achievedRate = await feed(rig, { portName: PORT_CONTENT, source: SOURCE, version: PROTOCOL_VERSION, conn: `feed.${++feeds}`, rate, count });
  // Rows: the connection's open, then every message; past the panel's message budget the oldest
  // are dropped, and the toolbar counts them.
  const expected = base + 1 + count;
  // The panel applies what arrives at its own pace: wait until every row is shown or counted.
  const accounted = await waitForCount(async () => (await rowCount(panel)) + (await droppedByBudget(panel)), expected, 5000, 120_000);
  const longestTaskMs = await inPage(panel, () => (globalThis as unknown as { benchLongest: { ms: number } }).benchLongest.ms, null);
  const missedNotice = (await panel.getByText(/\bmissed\b/).count()) > 0;
  const lost = Math.max(0, expected - accounted);
  // A run the feeder could not keep at the asked rate does not count as holding it.
  const fed = achievedRate >= 0.95 * rate;
  return { rate, achievedRate, lost, longestTaskMs, missedNotice, passed: fed && lost === 0 && !missedNotice && longestTaskMs <= 100 };
}

export interface HeapFigures {
  messages: number;
  payloadBytes: number;
  heapBytes: number;
  perPayloadByte: number;
  perMessage: number;
}

async function usedHeapAfterGc(panel: Page): Promise<number> {
  const cdp = await panel.context().newCDPSession(panel);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usage.usedSize;
  } finally {
    await cdp.detach();
  }
}

/** The panel's JS heap growth while it holds `count` messages of `size` bytes. */
export async function heapPerMessage(page: Page, panel: Page, wsOrigin: string, count: number, size: number): Promise<HeapFigures> {
  await clearPanel(panel);
  const before = await usedHeapAfterGc(panel);
  const base = await rowCount(panel);
  // `count` rows in all: the connection's open, the messages, the end marker.
  const messages = count - 2;
  await receiveFlood(page, `${wsOrigin}/ws/flood?count=${messages}&size=${size}`, messages, false);
  const rows = await waitForRows(panel, base + count, 10_000, 300_000);
  if (rows < base + count) throw new Error(`the panel holds ${rows - base} rows of ${count}`);
  const heapBytes = (await usedHeapAfterGc(panel)) - before;
  const payloadBytes = count * size;
  return { messages: count, payloadBytes, heapBytes, perPayloadByte: heapBytes / payloadBytes, perMessage: heapBytes / count };
}

/**
 * Types `query` into the Filter box and presses Enter (which skips the typing debounce), timing
 * from Enter until the grid's row count shows the filtered result and a frame has been painted;
 * then clears the box again.
 */
export async function filterTime(panel: Page, query: string): Promise<number> {
  const run = (text: string) =>
    inPage(panel, async ({ grid, text }: { grid: string; text: string }) => {
      const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter"]');
      const element = document.querySelector(grid);
      if (!input || !element) throw new Error('no Filter box or Messages grid');
      const before = element.getAttribute('aria-rowcount');
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const started = performance.now();
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      const deadline = started + 60_000;
      while (element.getAttribute('aria-rowcount') === before && performance.now() < deadline) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now() - started;
    }, { grid: GRID, text });
  const elapsed = await run(query);
  await run('');
  return elapsed;
}

export interface ScrollFigures {
  frames: number;
  p50: number;
  p99: number;
}

/**
 * Scrolls the grid from top to bottom in `steps` jumps, one per frame, plus `steps` single-row
 * wheel-sized moves, and times each frame: how smoothly the retained rows scroll.
 */
export async function scrollFrameTimes(panel: Page, steps: number): Promise<ScrollFigures> {
  const durations = await inPage(panel, async ({ grid, steps }: { grid: string; steps: number }) => {
    const scroller = document.querySelector<HTMLElement>(grid);
    if (!scroller) throw new Error('no Messages grid');
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const times: number[] = [];
    const range = scroller.scrollHeight - scroller.clientHeight;
    await frame();
    let last = performance.now();
    for (let i = 0; i <= steps; i++) {
      scroller.scrollTop = (range * i) / steps;
      scroller.dispatchEvent(new Event('scroll'));
      await frame();
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    for (let i = 0; i < steps; i++) {
      scroller.scrollTop -= 60;
      await frame();
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times;
  }, { grid: GRID, steps });
  return { frames: durations.length, p50: percentile(durations, 50), p99: percentile(durations, 99) };
}
