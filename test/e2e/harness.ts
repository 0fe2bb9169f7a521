/**
 * End-to-end harness: real Chromium (Debian's, or CHROME_PATH), the built extension from dist/
 * (or FRAMETAP_DIST), and the real demo server. Nothing here is mocked.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startDemoServer, type DemoServer } from '../../server/demo-server';
import { PORT_PANEL } from '../../src/shared/constants';
import { blockedUrlPatterns, hookRulesOf, type InterceptRule } from '../../src/shared/intercept-rules';
import {
  envelope,
  type CommandResult,
  type FrameOrigin,
  type HookCommand,
  type HookEvent,
  type PanelMessage,
  type PanelRequest,
} from '../../src/shared/protocol';

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
  /** Another build to load instead of DIST (the bench's A/B of two builds). */
  dist?: string;
  /**
   * Load the build with its optional permissions granted, as once the user has allowed them
   * (Block connection rules): the browser's prompt cannot be answered headless.
   */
  grantOptionalPermissions?: boolean;
  /** Open the real DevTools window for every tab. */
  devtools?: boolean;
  /**
   * Let pages into the back/forward cache, as in a user's Chrome (Playwright launches Chromium
   * with it disabled). A page is kept there only if its response allows it: the demo server
   * sends `Cache-Control: no-store` unless the page's own headers say otherwise.
   */
  backForwardCache?: boolean;
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

/** A copy of the build whose manifest asks for its optional permissions outright. */
async function withOptionalPermissionsGranted(dist: string, into: string): Promise<string> {
  const granted = join(into, 'frametap-granted');
  await cp(dist, granted, { recursive: true });
  const manifestPath = join(granted, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { permissions?: string[]; optional_permissions?: string[] };
  manifest.permissions = [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])];
  delete manifest.optional_permissions;
  await writeFile(manifestPath, JSON.stringify(manifest));
  return granted;
}

export async function launch(options: LaunchOptions = {}): Promise<Session> {
  const extension = options.extension ?? true;
  const userDataDir = await mkdtemp(join(tmpdir(), 'frametap-chromium-'));
  const args = [...CHROMIUM_FLAGS];
  const dist = options.grantOptionalPermissions ? await withOptionalPermissionsGranted(options.dist ?? DIST, userDataDir) : (options.dist ?? DIST);
  if (extension) args.push(`--disable-extensions-except=${dist}`, `--load-extension=${dist}`);
  if (options.devtools) args.push('--auto-open-devtools-for-tabs');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROME_PATH,
    headless: true,
    args,
    ignoreDefaultArgs: options.backForwardCache ? ['--disable-back-forward-cache'] : undefined,
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

/**
 * The Chrome tab id of a page. Nothing maps a Playwright page to a tab directly: without the
 * "tabs" permission the worker reads no tab's URL or title, and CDP's target ids are not tab ids.
 * Window ids, though, are shared: CDP's Browser.getWindowForTarget answers with the id that
 * chrome.windows uses. So the page is made the active tab of its own window (bringToFront), and
 * the worker names that window's active tab, whatever other window is open or focused. The
 * harness brings pages to the front only in turn (`inTurn`), so that no other page of the
 * window becomes the active one in between.
 */
export function tabIdOf(session: Session, page: Page): Promise<number> {
  if (page === session.page) return Promise.resolve(session.pageTabId);
  return inTurn(() => activeTabOfWindow(session, page));
}

let turns: Promise<unknown> = Promise.resolve();

/** Runs `step` once every step queued before it has settled. */
function inTurn<T>(step: () => Promise<T>): Promise<T> {
  const result = turns.then(step);
  turns = result.catch(() => undefined);
  return result;
}

async function activeTabOfWindow(session: Session, page: Page): Promise<number> {
  await page.bringToFront();
  const cdp = await session.context.newCDPSession(page);
  const { windowId } = await cdp.send('Browser.getWindowForTarget').finally(() => cdp.detach().catch(() => undefined));
  const worker = await currentServiceWorker(session);
  return worker.evaluate(async (windowId) => {
    const [tab] = await chrome.tabs.query({ windowId, active: true });
    if (tab?.id === undefined) throw new Error(`no active tab in window ${windowId}`);
    return tab.id;
  }, windowId);
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

/** A hook event with the frame and document the service worker says it came from. */
export interface AttributedEvent {
  origin: FrameOrigin;
  event: HookEvent;
}

export interface EventTap {
  /** Every event the service worker delivered for the tab so far, in arrival order. */
  events(): Promise<AttributedEvent[]>;
  /** Writes the extension's synced storage, where the panel's Settings keep the URL patterns. */
  setSyncStorage(items: Record<string, unknown>): Promise<void>;
  /** Sets the tab's intercept rules, as a panel's Rules pane does. */
  setRules(rules: InterceptRule[]): Promise<void>;
  /** Runs a command on the document that owns a connection, as the panel's composer does. */
  command(origin: FrameOrigin, command: HookCommand): Promise<CommandResult>;
  /**
   * Turns the tab's worker capture on or off, as the panel's worker switch does (the session must
   * have the optional permissions granted), and waits for the service worker to say it is so.
   */
  setWorkerCapture(on: boolean): Promise<void>;
  /** What the service worker said about the tab, rather than its traffic, in arrival order. */
  notices(): Promise<PanelMessage[]>;
  close(): Promise<void>;
}

/**
 * A raw subscriber to a tab's events, speaking the panel's protocol from an extension page: it
 * lets a test see exactly what the hook emitted, without the panel's rendering in between. The
 * inspected page is brought back to the front afterwards (a hidden tab has its timers throttled).
 */
export async function openEventTap(session: Session, page: Page): Promise<EventTap> {
  const tabId = await tabIdOf(session, page);
  // A URL of its own, so that taps opened at the same time each find their own window.
  const tapPage = await openInNewWindow(session, `chrome-extension://${session.extensionId}/icons/frametap-16.png?tap=${tabId}`);
  const subscribe: PanelRequest = envelope({ kind: 'subscribe', tabId });
  await tapPage.evaluate(
    ({ subscribe, portName }) => {
      const received: { origin: unknown; event: unknown }[] = [];
      (globalThis as { frametapTap?: unknown[] }).frametapTap = received;
      const port = chrome.runtime.connect({ name: portName });
      const results: Record<number, unknown> = {};
      const workerStates: unknown[] = [];
      const notices: unknown[] = [];
      Object.assign(globalThis, { frametapPort: port, frametapResults: results, frametapWorkerStates: workerStates, frametapNotices: notices });
      port.onMessage.addListener((message: PanelMessage) => {
        if (message.kind === 'command-result') results[message.id] = message.result;
        if (message.kind === 'workers-state') workerStates.push(message);
        if (message.kind !== 'batch' && message.kind !== 'command-result') notices.push(message);
        if (message.kind !== 'batch') return;
        const { events } = JSON.parse(message.json) as { events: unknown[] };
        for (const event of events) received.push({ origin: message.origin, event });
      });
      port.postMessage(subscribe);
    },
    { subscribe, portName: PORT_PANEL },
  );
  await inTurn(() => page.bringToFront());
  let commandCount = 0;
  return {
    events: () => tapPage.evaluate(() => (globalThis as unknown as { frametapTap: AttributedEvent[] }).frametapTap),
    setSyncStorage: (items) => tapPage.evaluate((values) => chrome.storage.sync.set(values), items),
    setRules: async (rules) => {
      const request: PanelRequest = envelope({ kind: 'rules', tabId, rules: hookRulesOf(rules), blocked: blockedUrlPatterns(rules) });
      await tapPage.evaluate((message) => (globalThis as unknown as { frametapPort: chrome.runtime.Port }).frametapPort.postMessage(message), request);
    },
    command: async (origin, command) => {
      const id = ++commandCount;
      const request: PanelRequest = envelope({ kind: 'command', id, tabId, frameId: origin.frameId, documentId: origin.documentId, command });
      await tapPage.evaluate((message) => (globalThis as unknown as { frametapPort: chrome.runtime.Port }).frametapPort.postMessage(message), request);
      return until(`the answer to command ${id}`, () =>
        tapPage.evaluate((n) => (globalThis as unknown as { frametapResults: Record<number, CommandResult | undefined> }).frametapResults[n], id),
      );
    },
    setWorkerCapture: async (on) => {
      const seen = await tapPage.evaluate(() => (globalThis as unknown as { frametapWorkerStates: unknown[] }).frametapWorkerStates.length);
      const request: PanelRequest = envelope({ kind: 'workers', tabId, on });
      await tapPage.evaluate((message) => (globalThis as unknown as { frametapPort: chrome.runtime.Port }).frametapPort.postMessage(message), request);
      const state = await until(`worker capture ${on ? 'on' : 'off'}`, () =>
        tapPage.evaluate(
          ([from, wanted]) => {
            const states = (globalThis as unknown as { frametapWorkerStates: { on: boolean; error?: string }[] }).frametapWorkerStates;
            return states.slice(from).find((s) => s.on === wanted || s.error !== undefined);
          },
          [seen, on] as const,
        ),
      );
      if (state.on !== on) throw new Error(`worker capture stayed ${state.on ? 'on' : 'off'}: ${state.error ?? ''}`);
    },
    notices: () => tapPage.evaluate(() => (globalThis as unknown as { frametapNotices: PanelMessage[] }).frametapNotices),
    close: () => tapPage.close(),
  };
}

/** The events alone, for a test that does not look at where they came from. */
export const hookEvents = (attributed: readonly AttributedEvent[]): HookEvent[] => attributed.map(({ event }) => event);

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

/** A file's demo server: started before its tests, closed after them. */
export interface DemoServerFixture {
  readonly server: DemoServer;
}

/** A file's demo server and browser session, launched before its tests and closed after them. */
export interface Environment extends DemoServerFixture {
  readonly session: Session;
}

function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not ready: read it inside a hook or a test`);
  return value;
}

/** Call at the top level of a test file; read `server` in hooks and tests. */
export function useDemoServer(): DemoServerFixture {
  let server: DemoServer | undefined;
  beforeAll(async () => {
    server = await startDemoServer({ port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server() {
      return ready(server, 'the demo server');
    },
  };
}

/**
 * Call at the top level of a test file: a demo server and a browser launched with `options` for
 * the file's tests. Hooks the file registers afterwards run after the launch, and (vitest runs
 * after-hooks in reverse) before the browser and server close.
 */
export function useEnvironment(options: LaunchOptions = {}): Environment {
  const demo = useDemoServer();
  let session: Session | undefined;
  beforeAll(async () => {
    session = await launch(options);
  });
  afterAll(async () => {
    await session?.close();
  });
  return {
    get server() {
      return demo.server;
    },
    get session() {
      return ready(session, 'the browser session');
    },
  };
}
