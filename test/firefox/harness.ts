/**
 * The Firefox end-to-end harness: Debian's firefox-esr (or FIREFOX_PATH), headless, driven by
 * puppeteer-core over WebDriver BiDi (no downloaded browser or driver), with the Firefox build
 * from dist-firefox/ (or FRAMETAP_FIREFOX_DIST) installed as a temporary add-on, against the real
 * demo server. What Firefox needs that Chromium does not is here:
 * - a fixed moz-extension UUID (a pref keyed by the gecko id), so that its pages have a known URL;
 * - `--remote-allow-system-access`, without which BiDi may not open moz-extension pages; there
 *   `goto` never resolves, so an extension page is opened without waiting and polled until loaded;
 * - tab ids from the extension's own `tabs.query`, matched by URL: BiDi's contexts are not tabs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import { GECKO_ID } from '../../scripts/browser-targets';
import { PORT_PANEL } from '../../src/shared/constants';
import { blockedUrlPatterns, hookRulesOf, type InterceptRule } from '../../src/shared/intercept-rules';
import { envelope, type CommandResult, type FrameOrigin, type HookCommand, type PanelMessage, type PanelRequest } from '../../src/shared/protocol';
import { until, useDemoServer, type AttributedEvent, type DemoServerFixture } from '../e2e/harness';

const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const FIREFOX_DIST = resolve(process.env.FRAMETAP_FIREFOX_DIST ?? 'dist-firefox');

const EXTENSION_UUID = '5b0f3c2e-8d41-4a7e-9c16-3e2f7a9d1b40';
const EXTENSION_BASE = `moz-extension://${EXTENSION_UUID}/`;

interface FirefoxLaunchOptions {
  /** Install dist-firefox/ (default true); false gives the baseline browser. */
  extension?: boolean;
  /** More Firefox preferences, e.g. a short idle timeout for the event page. */
  prefs?: Record<string, unknown>;
}

interface FirefoxSession {
  browser: Browser;
  /** The first tab, the one tests navigate. */
  page: Page;
  /** Its tab id (0 without the add-on). */
  pageTabId: number;
  close(): Promise<void>;
}

export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<FirefoxSession> {
  const profile = await mkdtemp(join(tmpdir(), 'frametap-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir: profile,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      // Nothing on these machines reaches the network: no updates, telemetry or remote settings.
      'app.update.enabled': false,
      'extensions.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      ...options.prefs,
    },
  });
  try {
    const extension = options.extension ?? true;
    if (extension) await browser.installExtension(FIREFOX_DIST);
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    return {
      browser,
      page,
      pageTabId: extension ? await onlyTabId(browser) : 0,
      async close() {
        await browser.close().catch(() => undefined);
        await rm(profile, { recursive: true, force: true }).catch(() => undefined);
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Opens one of the extension's pages in a window of its own, so that the inspected tab stays the
 * active tab of its window, and resolves once it has loaded.
 */
async function openExtensionPage(session: FirefoxSession, path: string): Promise<Page> {
  const page = await session.browser.newPage({ type: 'window' });
  const url = `${EXTENSION_BASE}${path}`;
  void page.goto(url).catch(() => undefined);
  await until(`${path} loaded`, () => page.evaluate(() => [location.href, document.readyState]).then(([href, state]) => href === url && state === 'complete'));
  return page;
}

/** The id of the one tab there is at launch, from an extension page of its own (which is not a tab of its own). */
async function onlyTabId(browser: Browser): Promise<number> {
  const probe = await browser.newPage({ type: 'window' });
  try {
    const url = `${EXTENSION_BASE}icons/frametap-16.png?first-tab`;
    void probe.goto(url).catch(() => undefined);
    await until('the first tab probe', () => probe.evaluate(() => location.href).then((href) => href === url));
    const ids = await until('the first tab', () =>
      probe.evaluate(async (self) => {
        const tabs = await chrome.tabs.query({});
        return tabs.filter((tab) => tab.url !== self).map((tab) => tab.id);
      }, url),
    );
    if (ids.length !== 1 || typeof ids[0] !== 'number') throw new Error(`expected one tab at launch, found ${ids.length}`);
    return ids[0];
  } finally {
    await probe.close();
  }
}

/**
 * The tab id of a page, from the extension's own view of the tabs: the session's first tab, or
 * the one tab showing the page's URL (which needs the page to be on a site, not about:blank).
 */
async function tabIdOf(session: FirefoxSession, extensionPage: Page, page: Page): Promise<number> {
  if (page === session.page) return session.pageTabId;
  const url = page.url();
  const ids = await extensionPage.evaluate(async (wanted) => {
    const tabs = await chrome.tabs.query({});
    return tabs.filter((tab) => tab.url === wanted).map((tab) => tab.id);
  }, url);
  if (ids.length !== 1 || typeof ids[0] !== 'number') throw new Error(`expected one tab showing ${url}, found ${ids.length}`);
  return ids[0];
}

/** The panel as its own extension page, inspecting the tab of `page` (Firefox's toolbox is no BiDi context). */
export async function openPanel(session: FirefoxSession, page: Page): Promise<Page> {
  const panel = await openExtensionPage(session, 'icons/frametap-16.png?find-tab');
  const tabId = await tabIdOf(session, panel, page);
  const url = `${EXTENSION_BASE}src/panel/index.html?tabId=${tabId}`;
  void panel.goto(url).catch(() => undefined);
  await until('the panel loaded', () => panel.evaluate(() => [location.href, document.readyState]).then(([href, state]) => href === url && state === 'complete'));
  return panel;
}

/**
 * A raw subscriber to a tab's events, speaking the panel's protocol, as the Chrome harness's tap;
 * it reconnects when the event page is suspended, and so hears replayed backlogs again.
 */
interface EventTap {
  events(): Promise<AttributedEvent[]>;
  notices(): Promise<PanelMessage[]>;
  setRules(rules: InterceptRule[]): Promise<void>;
  command(origin: FrameOrigin, command: HookCommand): Promise<CommandResult>;
  /** The tap's own extension page, for calls of the extension's API. */
  page: Page;
  close(): Promise<void>;
}

interface TapGlobals {
  frametapTap: AttributedEvent[];
  frametapNotices: PanelMessage[];
  frametapResults: Record<number, CommandResult | undefined>;
  frametapPort: chrome.runtime.Port;
}

export async function openEventTap(session: FirefoxSession, page: Page): Promise<EventTap> {
  const tapPage = await openExtensionPage(session, `icons/frametap-16.png?tap`);
  const tabId = await tabIdOf(session, tapPage, page);
  const subscribe: PanelRequest = envelope({ kind: 'subscribe', tabId });
  await tapPage.evaluate(
    (subscribe, portName) => {
      const globals = globalThis as unknown as TapGlobals;
      globals.frametapTap = [];
      globals.frametapNotices = [];
      globals.frametapResults = {};
      // Firefox suspends an idle event page, closing every port: connect again, as the panel does.
      const connect = (): void => {
        const port = chrome.runtime.connect({ name: portName });
        globals.frametapPort = port;
        port.onMessage.addListener((message: PanelMessage) => {
          if (message.kind === 'command-result') globals.frametapResults[message.id] = message.result;
          else if (message.kind !== 'batch') globals.frametapNotices.push(message);
          if (message.kind !== 'batch') return;
          const { events } = JSON.parse(message.json) as { events: AttributedEvent['event'][] };
          for (const event of events) globals.frametapTap.push({ origin: message.origin, event });
        });
        port.onDisconnect.addListener(() => setTimeout(connect, 50));
        port.postMessage(subscribe);
      };
      connect();
    },
    subscribe,
    PORT_PANEL,
  );
  const post = (message: PanelRequest): Promise<void> => tapPage.evaluate((m) => (globalThis as unknown as TapGlobals).frametapPort.postMessage(m), message);
  let commandCount = 0;
  return {
    page: tapPage,
    events: () => tapPage.evaluate(() => (globalThis as unknown as TapGlobals).frametapTap),
    notices: () => tapPage.evaluate(() => (globalThis as unknown as TapGlobals).frametapNotices),
    setRules: (rules) => post(envelope({ kind: 'rules', tabId, rules: hookRulesOf(rules), blocked: blockedUrlPatterns(rules) })),
    command: async (origin, command) => {
      const id = ++commandCount;
      await post(envelope({ kind: 'command', id, tabId, frameId: origin.frameId, documentId: origin.documentId, command }));
      return until(`the answer to command ${id}`, () => tapPage.evaluate((n) => (globalThis as unknown as TapGlobals).frametapResults[n], id));
    },
    close: () => tapPage.close(),
  };
}

/** Texts of the elements matching `selector` in the panel, in document order. */
export const textsOf = (panel: Page, selector: string): Promise<string[]> =>
  panel.$$eval(selector, (elements) => elements.map((element) => (element as HTMLElement).innerText));

/** The panel's message rows, as the Chrome suite reads them. */
export const rowTexts = (panel: Page): Promise<string[]> => textsOf(panel, '[role="grid"][aria-label="Messages"] [role="row"]');

/** Clicks the first element matching `selector` whose text contains `text`. */
export async function clickText(panel: Page, selector: string, text: string | RegExp): Promise<void> {
  const clicked = await panel.$$eval(
    selector,
    (elements, source, flags) => {
      const pattern = new RegExp(source, flags);
      const element = elements.find((e) => pattern.test((e as HTMLElement).innerText)) as HTMLElement | undefined;
      element?.click();
      return element !== undefined;
    },
    typeof text === 'string' ? text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&') : text.source,
    typeof text === 'string' ? '' : text.flags,
  );
  if (!clicked) throw new Error(`nothing matching ${selector} reads ${String(text)}`);
}

/** The element with this ARIA role and accessible name, as a user (and a screen reader) finds it. */
export function byRole(panel: Page, role: string, name: string): Promise<ElementHandle<Element>> {
  return panel.waitForSelector(`::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`, { timeout: 15_000 }) as Promise<ElementHandle<Element>>;
}

/** Replaces what a text field holds by typing, as a user does. */
export async function typeInto(panel: Page, role: string, name: string, text: string): Promise<void> {
  const field = await byRole(panel, role, name);
  await field.evaluate((element) => (element as HTMLInputElement).select());
  await panel.keyboard.press('Backspace');
  await field.type(text);
}

/** A file's demo server and Firefox session, launched before its tests and closed after them. */
interface FirefoxEnvironment extends DemoServerFixture {
  readonly session: FirefoxSession;
}

export function useFirefox(options: FirefoxLaunchOptions = {}): FirefoxEnvironment {
  const demo = useDemoServer();
  let session: FirefoxSession | undefined;
  beforeAll(async () => {
    session = await launchFirefox(options);
  });
  afterAll(async () => {
    await session?.close();
  });
  return {
    get server() {
      return demo.server;
    },
    get session() {
      if (!session) throw new Error('the Firefox session is not ready: read it inside a hook or a test');
      return session;
    },
  };
}
