/**
 * The Chrome DevTools reference: what a user has who watches a socket's messages in DevTools,
 * the Network panel with the socket selected and its Messages tab showing. The bench drives the
 * DevTools frontend itself, through its own modules: importing their bundled URLs yields the
 * very instances the frontend runs.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachDevToolsFrontend, type DevToolsFrontend } from '../../test/e2e/devtools-window';
import { until, type Session } from '../../test/e2e/harness';

/** The Messages tab's id (UIRequestTabs.WS_FRAMES in panels/network/forward). */
const MESSAGES_TAB = 'web-socket-frames';

/** How long DevTools may take to handle what it was sent, after a measure: it lags far behind a fast socket. */
const CATCH_UP_TIMEOUT_MS = 10 * 60_000;
/** And then to draw the Messages grid's rows. */
const DRAW_TIMEOUT_MS = 15_000;

/** What the frontend shows, as the check reads it. */
interface Shown {
  /** The selected panel's id. */
  panel: string;
  /** Whether DevTools saw the socket at all. */
  seen: boolean;
  /** Whether the Network panel's details show that very socket. */
  selected: boolean;
  tab: string | null;
  frames: number;
  rows: number;
  /** Why revealing the socket failed, if it did. */
  error: string | null;
}

const modules = `
  const load = (path) => import('devtools://devtools/bundled/' + path);
  const [UI, Common, Logs, NetworkForward, Network] = await Promise.all([
    load('ui/legacy/legacy.js'), load('core/common/common.js'), load('models/logs/logs.js'),
    load('panels/network/forward/forward.js'), load('panels/network/network.js'),
  ]);`;

/** Runs `body` (JavaScript, may await, sees `arg` and the modules above) in the frontend. */
const inFrontend = <T>(frontend: DevToolsFrontend, body: string, arg: unknown = null): Promise<T> =>
  frontend.devtools.evaluate<T>(`(async (arg) => { ${modules} ${body} })(${JSON.stringify(arg)})`);

export interface MessagesShown {
  /** Frames DevTools holds for the socket. */
  frames: number;
  /** Rows the Messages grid draws (those in view). */
  rows: number;
  /** How long DevTools took to catch up with the traffic after the measure ended. */
  catchUpMs: number;
}

export interface NetworkMessagesView {
  /** Before a socket exists: have DevTools select it on its Messages tab as soon as it sees it. */
  selectWhenCreated(url: string): Promise<void>;
  /** Waits until DevTools has caught up, then checks that it shows that socket's Messages; throws if not. */
  check(url: string): Promise<MessagesShown>;
  close(): Promise<void>;
}

/** Shows the Network panel, which records only while it is open: before any measured socket exists. */
export async function openNetworkMessagesView(session: Session): Promise<NetworkMessagesView> {
  const frontend = await attachDevToolsFrontend(session);
  // The frontend says it has loaded before its locale data is there; showing a view fails till then.
  await until('DevTools to show the Network panel', () =>
    inFrontend<boolean>(frontend, `
      await UI.ViewManager.ViewManager.instance().showView('network');
      return UI.InspectorView.InspectorView.instance().tabbedPane.selectedTabId === 'network';`),
  );
  // A window just opened shows its panels before it listens to the page's network: until a
  // request of the page shows up in its log, a new socket would go unseen.
  let probes = 0;
  await until('DevTools to record the page’s requests', async () => {
    const probe = new URL(`/favicon.ico?devtools-probe=${++probes}`, session.page.url()).href;
    await session.page.evaluate((url) => fetch(url).then(() => undefined), probe);
    return inFrontend<boolean>(frontend, `return Logs.NetworkLog.NetworkLog.instance().requests().some((request) => request.url() === arg);`, probe);
  });
  return {
    async selectWhenCreated(url) {
      await inFrontend(frontend, `
        const log = Logs.NetworkLog.NetworkLog.instance();
        const selection = { url: arg, request: null, error: null };
        globalThis.benchSelection = selection;
        const onAdded = ({ data }) => {
          const request = data.request ?? data;
          if (request.url() !== arg) return;
          log.removeEventListener(Logs.NetworkLog.Events.RequestAdded, onAdded);
          selection.request = request;
          const location = NetworkForward.UIRequestLocation.UIRequestLocation.tab(request, NetworkForward.UIRequestLocation.UIRequestTabs.WS_FRAMES);
          Common.Revealer.reveal(location).catch((error) => { selection.error = String(error); });
        };
        log.addEventListener(Logs.NetworkLog.Events.RequestAdded, onAdded);`, url);
    },
    async check(url) {
      const started = Date.now();
      await until('DevTools to catch up with the traffic', () => frontend.devtools.evaluate<boolean>('true'), CATCH_UP_TIMEOUT_MS);
      const catchUpMs = Date.now() - started;
      const look = () =>
        inFrontend<Shown>(frontend, `
          const selection = globalThis.benchSelection?.url === arg ? globalThis.benchSelection : null;
          const view = Network.NetworkPanel.NetworkPanel.instance().networkItemView;
          // The grid's rows may sit in shadow roots of the panel's newer components.
          const deepCount = (root, selector) => {
            let count = root.querySelectorAll(selector).length;
            for (const element of root.querySelectorAll('*')) if (element.shadowRoot) count += deepCount(element.shadowRoot, selector);
            return count;
          };
          const ours = Boolean(view && selection?.request && view.request() === selection.request);
          return {
            panel: UI.InspectorView.InspectorView.instance().tabbedPane.selectedTabId,
            seen: Boolean(selection?.request),
            selected: ours,
            tab: ours ? view.selectedTabId : null,
            frames: ours ? view.request().frames().length : 0,
            rows: ours && view.element.isConnected ? deepCount(view.element, 'tr.data-grid-data-grid-node') : 0,
            error: selection ? selection.error : 'not asked to select it',
          };`, url);
      const showing = (shown: Shown) => shown.panel === 'network' && shown.selected && shown.tab === MESSAGES_TAB && shown.rows > 0 && !shown.error;
      let last: Shown | null = null;
      // DevTools draws the grid's rows once the traffic lets it, a moment after the last message.
      const shown = await until('DevTools to show the socket’s Messages', async () => showing((last = await look())) && last, DRAW_TIMEOUT_MS).catch(() => null);
      if (!shown) {
        const screenshot = join(tmpdir(), `frametap-bench-devtools-${Date.now()}.png`);
        await writeFile(screenshot, await frontend.screenshot());
        throw new Error(`DevTools does not show the Messages of ${url}: ${JSON.stringify(last)} (screenshot: ${screenshot})`);
      }
      return { frames: shown.frames, rows: shown.rows, catchUpMs };
    },
    close: () => frontend.close(),
  };
}
