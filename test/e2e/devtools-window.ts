/**
 * Drives the real DevTools window of a tab, headless. Playwright exposes neither the DevTools
 * page (a devtools:// target) nor the extension panel's iframe inside it, but a browser-level CDP
 * session reaches both: attach to a target without flattening and exchange raw protocol messages
 * with Target.sendMessageToTarget / Target.receivedMessageFromTarget.
 */
import type { CDPSession } from 'playwright-core';
import { until, type Session } from './harness';

const CALL_TIMEOUT_MS = 10_000;

/** The few protocol shapes used here (playwright-core does not export its Protocol types). */
interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}
interface EvaluateResult {
  result: { value?: unknown };
  exceptionDetails?: { text: string };
}

export interface RawTarget {
  targetId: string;
  send<T = unknown>(method: string, params?: object): Promise<T>;
  /** Evaluates an expression in the target's main world and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  detach(): Promise<void>;
}

async function attach(cdp: CDPSession, targetId: string): Promise<RawTarget> {
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const onMessage = (event: { sessionId?: string; message: string }): void => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
    if (!waiter || reply.id === undefined) return;
    pending.delete(reply.id);
    if (reply.error) waiter.reject(new Error(reply.error.message));
    else waiter.resolve(reply.result);
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);

  const send = <T>(method: string, params: object = {}): Promise<T> => {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method} timed out on target ${targetId}`));
      }, CALL_TIMEOUT_MS);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  };

  return {
    targetId,
    send,
    async evaluate<T>(expression: string): Promise<T> {
      const result = await send<EvaluateResult>('Runtime.evaluate', {
        expression,
        returnByValue: true,
        awaitPromise: true,
      });
      if (result.exceptionDetails) throw new Error(result.exceptionDetails.text);
      return result.result.value as T;
    },
    async detach() {
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    },
  };
}

async function findTarget(
  cdp: CDPSession,
  what: string,
  match: (t: TargetInfo) => boolean,
  timeoutMs?: number,
): Promise<TargetInfo> {
  return until(
    what,
    async () => {
      const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
      return targetInfos.find(match);
    },
    timeoutMs,
  );
}

/** The DevTools window's own page, the devtools:// frontend, attached once it has loaded. */
export interface DevToolsFrontend {
  devtools: RawTarget;
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

async function attachFrontend(cdp: CDPSession): Promise<RawTarget> {
  const devtoolsInfo = await findTarget(cdp, 'the DevTools window', (t) => t.url.startsWith('devtools://devtools/'));
  const devtools = await attach(cdp, devtoolsInfo.targetId);
  await until('DevTools to finish loading', () =>
    devtools.evaluate<boolean>(`document.readyState === 'complete'`),
  );
  return devtools;
}

const screenshotOf = async (devtools: RawTarget): Promise<Buffer> => {
  const { data } = await devtools.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
  return Buffer.from(data, 'base64');
};

/**
 * Attaches to the DevTools window that --auto-open-devtools-for-tabs opened for the session's
 * page, whatever panel it shows, to drive the frontend itself.
 */
export async function attachDevToolsFrontend(session: Session): Promise<DevToolsFrontend> {
  const browser = session.context.browser();
  if (!browser) throw new Error('no browser behind this context');
  const cdp = await browser.newBrowserCDPSession();
  const devtools = await attachFrontend(cdp);
  return {
    devtools,
    screenshot: () => screenshotOf(devtools),
    async close() {
      await devtools.detach();
      await cdp.detach().catch(() => undefined);
    },
  };
}

export interface DevToolsWindow {
  devtools: RawTarget;
  /** The Frametap panel's document inside DevTools. */
  panel: RawTarget;
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Selects the Frametap panel in the DevTools window that --auto-open-devtools-for-tabs opened for
 * the inspected page, and attaches to its iframe. Extension panels sit after the built-in ones,
 * so "previous panel" (Ctrl+[) from the first panel wraps around to it.
 */
export async function openFrametapInDevTools(session: Session): Promise<DevToolsWindow> {
  const browser = session.context.browser();
  if (!browser) throw new Error('no browser behind this context');
  const cdp = await browser.newBrowserCDPSession();
  const devtools = await attachFrontend(cdp);

  const panelUrl = `chrome-extension://${session.extensionId}/src/panel/index.html`;
  const pressPreviousPanel = async (): Promise<void> => {
    for (const type of ['rawKeyDown', 'keyUp']) {
      await devtools.send('Input.dispatchKeyEvent', {
        type,
        modifiers: 2, // Ctrl
        key: '[',
        code: 'BracketLeft',
        windowsVirtualKeyCode: 219,
        nativeVirtualKeyCode: 219,
      });
    }
  };
  const isPanel = (t: TargetInfo): boolean => t.url.startsWith(panelUrl);
  await pressPreviousPanel();
  // One press should do; press again only if the panel has not loaded after a while.
  const panelInfo = await findTarget(cdp, 'the Frametap panel iframe', isPanel, 5_000).catch(async () => {
    await pressPreviousPanel();
    return findTarget(cdp, 'the Frametap panel iframe', isPanel);
  });
  const panel = await attach(cdp, panelInfo.targetId);

  return {
    devtools,
    panel,
    screenshot: () => screenshotOf(devtools),
    async close() {
      await panel.detach();
      await devtools.detach();
      await cdp.detach().catch(() => undefined);
    },
  };
}
