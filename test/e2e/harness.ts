/**
 * End-to-end harness: real Chromium (Debian's, or CHROME_PATH), the built extension from dist/
 * (or FRAMETAP_DIST), and the real demo server. Nothing here is mocked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { PORT_PANEL } from '../../src/shared/constants';
import { envelope, type HookEvent, type PanelMessage, type PanelRequest } from '../../src/shared/protocol';

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const DIST = resolve(process.env.FRAMETAP_DIST ?? 'dist');

/** What these machines need: no sandbox as root, no GPU, and nothing that reaches the network. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface LaunchOptions {
  /** Load dist/ unpacked (default true); false gives the baseline browser. */
  extension?: boolean;
  /** Open the real DevTools window for every tab. */
  devtools?: boolean;
}

export interface Session {
  context: BrowserContext;
  /** The first tab: reuse it, so that it stays the visible one (hidden tabs throttle timers). */
  page: Page;
  /** Empty when launched without the extension. */
  extensionId: string;
  serviceWorker: Worker | null;
  /** The Chrome tab id of `page` (0 without the extension). */
  pageTabId: number;
  close(): Promise<void>;
}

export async function launch(options: LaunchOptions = {}): Promise<Session> {
  const extension = options.extension ?? true;
  const userDataDir = await mkdtemp(join(tmpdir(), 'frametap-chromium-'));
  const args = [...CHROMIUM_FLAGS];
  if (extension) args.push(`--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`);
  if (options.devtools) args.push('--auto-open-devtools-for-tabs');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROME_PATH,
    headless: true,
    args,
    viewport: { width: 1280, height: 800 },
  });
  let serviceWorker: Worker | null = null;
  if (extension) {
    serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  }
  const extensionId = serviceWorker ? new URL(serviceWorker.url()).host : '';
  const page = context.pages()[0] ?? (await context.newPage());
  // The only tab there is yet; its id stays the same across the page's navigations.
  const pageTabId = serviceWorker
    ? await serviceWorker.evaluate(async () => {
        const tabs = await chrome.tabs.query({});
        if (tabs.length !== 1 || tabs[0]?.id === undefined) throw new Error(`expected one tab, found ${tabs.length}`);
        return tabs[0].id;
      })
    : 0;
  return {
    context,
    page,
    extensionId,
    serviceWorker,
    pageTabId,
    async close() {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** The service worker of a session: it is restarted by Chrome at will, so look it up each time. */
export async function currentServiceWorker(session: Session): Promise<Worker> {
  return (
    session.context.serviceWorkers().find((w) => w.url().includes(session.extensionId)) ??
    (await session.context.waitForEvent('serviceworker', { timeout: 15_000 }))
  );
}

/** The Chrome tab id of a page: the active tab of the last focused window once it is brought to the front. */
export async function tabIdOf(session: Session, page: Page): Promise<number> {
  if (page === session.page) return session.pageTabId;
  await page.bringToFront();
  const worker = await currentServiceWorker(session);
  const url = page.url();
  return worker.evaluate(async (pageUrl) => {
    const tabs = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    const tab = tabs[0];
    if (tab?.id === undefined) throw new Error(`no active tab for ${pageUrl}`);
    return tab.id;
  }, url);
}

const browserSessions = new WeakMap<BrowserContext, CDPSession>();

async function browserCdp(session: Session): Promise<CDPSession> {
  const existing = browserSessions.get(session.context);
  if (existing) return existing;
  const browser = session.context.browser();
  if (!browser) throw new Error('no browser behind this context');
  const cdp = await browser.newBrowserCDPSession();
  browserSessions.set(session.context, cdp);
  return cdp;
}

/**
 * Opens a URL in a new window, so that the inspected tab stays the visible, active tab of its own
 * window (a background tab has its timers throttled, which is not what a user has).
 */
export async function openInNewWindow(session: Session, url: string): Promise<Page> {
  const cdp = await browserCdp(session);
  const opened = session.context.waitForEvent('page', { predicate: (p) => p.url() === url, timeout: 15_000 });
  await cdp.send('Target.createTarget', { url, newWindow: true });
  const page = await opened;
  await page.waitForLoadState('domcontentloaded');
  return page;
}

export function panelUrl(session: Session, tabId: number): string {
  return `chrome-extension://${session.extensionId}/src/panel/index.html?tabId=${tabId}`;
}

/** The standalone panel page inspecting the tab of `page`, as a user with a detached panel has it. */
export async function openPanel(session: Session, page: Page): Promise<Page> {
  const tabId = await tabIdOf(session, page);
  return openInNewWindow(session, panelUrl(session, tabId));
}

export interface EventTap {
  /** Every hook event the service worker delivered for the tab so far, in arrival order. */
  events(): Promise<HookEvent[]>;
  close(): Promise<void>;
}

/**
 * A raw subscriber to a tab's events, speaking the panel's protocol from an extension page: it
 * lets a test see exactly what the hook emitted, without the panel's rendering in between.
 */
export async function openEventTap(session: Session, page: Page): Promise<EventTap> {
  const tabId = await tabIdOf(session, page);
  const tapPage = await openInNewWindow(session, `chrome-extension://${session.extensionId}/icons/frametap-16.png`);
  const subscribe: PanelRequest = envelope({ kind: 'subscribe', tabId });
  await tapPage.evaluate(
    ({ subscribe, portName }) => {
      const received: unknown[] = [];
      (globalThis as { frametapTap?: unknown[] }).frametapTap = received;
      const port = chrome.runtime.connect({ name: portName });
      port.onMessage.addListener((message: PanelMessage) => {
        if (message.kind !== 'events') return;
        for (const event of message.events) received.push(event);
      });
      port.postMessage(subscribe);
    },
    { subscribe, portName: PORT_PANEL },
  );
  await page.bringToFront();
  return {
    events: () => tapPage.evaluate(() => (globalThis as unknown as { frametapTap: HookEvent[] }).frametapTap),
    close: () => tapPage.close(),
  };
}

/** Polls `probe` until it returns something truthy; fails with `what` after the timeout. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
