/**
 * The inspected tab navigates (issue 5, promise 3): same-document navigations leave the log
 * alone; a reload or a new document clears it, keeping the new page's connections, unless
 * Preserve log is on, which keeps earlier connections marked as from a previous page; a page
 * restored from the back/forward cache does not bring its connections back twice.
 * panel.test.ts covers pushState, a page without sockets, and Preserve log being remembered.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPanel, until, useEnvironment } from './harness';
import { connections, rowTexts } from './panel-view';

// Chromium as a user has it: pages may enter the back/forward cache.
const env = useEnvironment({ backForwardCache: true });

/**
 * A page named `name`: an echo socket (`?page=name`) that greets once open. Each time the page is
 * shown again from the back/forward cache it opens a new socket (`?page=name-restored`), as a
 * real app reconnects; `window.shows` lists every pageshow's `persisted`.
 */
function chatPage(name: string): string {
  return `<!doctype html><meta charset="utf-8"><title>${name}</title><script>
    window.shows = [];
    window.echoes = [];
    window.connect = (page) => {
      const ws = new WebSocket('${env.server.wsOrigin}/ws/echo?page=' + page);
      ws.onopen = () => ws.send('hello from ' + page);
      ws.onmessage = (e) => window.echoes.push(e.data);
      window.ws = ws;
    };
    addEventListener('pageshow', (e) => {
      window.shows.push(e.persisted);
      if (e.persisted) window.connect('${name}-restored');
    });
    window.connect('${name}');
  </script><body>${name}</body>`;
}

/** Serves `chatPage(name)` at /`name`.html; `headers` override the demo server's (e.g. its no-store). */
function addChatPage(name: string, headers?: Record<string, string>): string {
  env.server.addPage(`/${name}.html`, chatPage(name), headers);
  return `${env.server.origin}/${name}.html`;
}

type ChatWindow = Window & { shows: boolean[]; echoes: string[]; ws: WebSocket };

async function untilEchoed(page: Page, text: string): Promise<void> {
  await until(`the echo of ${text}`, () => page.evaluate((t) => (window as unknown as ChatWindow).echoes.includes(t), text));
}

/** The sidebar's entries for the echo socket of page `name` (exactly that page, not `name-restored`). */
const connectionOf = (panel: Page, name: string) => connections(panel).getByRole('option', { name: new RegExp(`ws/echo\\?page=${name}(?![\\w-])`) });
const previousPage = (panel: Page) => connections(panel).getByRole('option').filter({ hasText: 'previous page' });
const rowsWith = async (panel: Page, text: string): Promise<number> => (await rowTexts(panel)).filter((t) => t.includes(text)).length;

async function setPreserveLog(panel: Page, on: boolean): Promise<void> {
  const button = panel.getByRole('button', { name: 'Preserve log' });
  if ((await button.getAttribute('aria-pressed')) !== String(on)) await button.click();
  await until(`Preserve log ${on ? 'on' : 'off'}`, async () => (await button.getAttribute('aria-pressed')) === String(on));
}

/** Opens page `name` in the inspected tab and a panel on it with Preserve log set, once the panel lists the page's socket. */
async function inspectChatPage(name: string, preserveLog: boolean): Promise<{ page: Page; panel: Page }> {
  const page = env.session.page;
  await page.goto(addChatPage(name));
  await untilEchoed(page, `hello from ${name}`);
  const panel = await openPanel(env.session, page);
  await setPreserveLog(panel, preserveLog);
  await until(`the ${name} page’s greeting and echo`, async () => (await rowsWith(panel, `hello from ${name}`)) === 2);
  return { page, panel };
}

describe('same-document navigations', () => {
  it('keep every connection and message: hash changes, replaceState, and going back through them', async () => {
    const { page, panel } = await inspectChatPage('same-doc', false);

    await page.evaluate(() => {
      location.hash = 'first';
    });
    await page.evaluate(() => history.replaceState({}, '', '/same-doc-replaced.html#second'));
    await page.goBack();
    await until('back at the page without a hash', () => page.evaluate(() => location.hash === ''));
    await page.evaluate(() => (window as unknown as ChatWindow).ws.send('after the hash changes'));
    await until('the message after the hash changes', async () => (await rowsWith(panel, 'after the hash changes')) === 2);

    expect(await rowsWith(panel, 'hello from same-doc')).toBe(2);
    expect(await connectionOf(panel, 'same-doc').count()).toBe(1);
    expect(await previousPage(panel).count()).toBe(0);
    await panel.close();
  });
});

describe('without Preserve log', () => {
  it('clears the old page at a cross-document navigation and a reload, and shows the new page’s connections', async () => {
    const { page, panel } = await inspectChatPage('leaving', false);

    await page.goto(addChatPage('arriving'));
    await until('the new page’s greeting and echo', async () => (await rowsWith(panel, 'hello from arriving')) === 2);
    await until('the old page’s connection gone', async () => (await connectionOf(panel, 'leaving').count()) === 0);
    expect(await rowsWith(panel, 'hello from leaving')).toBe(0);

    await page.reload();
    await untilEchoed(page, 'hello from arriving');
    // The reloaded document's connection replaces the one before the reload: one entry, one greeting.
    await until('one greeting of the reloaded page', async () => (await rowsWith(panel, 'hello from arriving')) === 2);
    expect(await connectionOf(panel, 'arriving').count()).toBe(1);
    // The All connections entry and the reloaded page's socket.
    expect(await connections(panel).getByRole('option').count()).toBe(2);
    expect(await previousPage(panel).count()).toBe(0);
    await panel.close();
  });
});

describe('with Preserve log', () => {
  it('keeps earlier pages’ connections and messages, marked as from a previous page, across a navigation and a reload', async () => {
    const { page, panel } = await inspectChatPage('kept', true);

    await page.goto(addChatPage('next'));
    await until('the new page’s greeting and echo', async () => (await rowsWith(panel, 'hello from next')) === 2);
    await until('the first page marked', async () => (await connectionOf(panel, 'kept').innerText()).includes('previous page'));
    expect(await connectionOf(panel, 'next').innerText()).not.toContain('previous page');
    expect(await rowsWith(panel, 'hello from kept')).toBe(2);

    await page.reload();
    await until('the reloaded page’s greeting and echo', async () => (await rowsWith(panel, 'hello from next')) === 4);
    await until('both earlier documents marked', async () => (await previousPage(panel).count()) === 2);
    const next = connectionOf(panel, 'next');
    expect(await next.count()).toBe(2);
    expect(await next.last().innerText()).not.toContain('previous page');
    await setPreserveLog(panel, false);
    await panel.close();
  });
});

describe('back/forward cache', () => {
  // The demo server sends `Cache-Control: no-store`, which keeps a page out of the cache.
  const cacheable = { 'Cache-Control': 'no-cache' };

  /**
   * Opens `first`, then `second`, then goes back to `first`, restored from the cache: the page
   * then opens its `first-restored` socket.
   */
  async function goBackToCachedPage(page: Page, first: string, second: string): Promise<void> {
    await page.goto(addChatPage(first, cacheable));
    await untilEchoed(page, `hello from ${first}`);
    await page.goto(addChatPage(second, cacheable));
    await untilEchoed(page, `hello from ${second}`);
    // A page restored from the cache fires no load event: wait for the commit, then for its pageshow.
    await page.goBack({ waitUntil: 'commit' });
    await until(`${first} shown again`, () => page.evaluate(() => (window as unknown as ChatWindow).shows.length === 2));
    await untilEchoed(page, `hello from ${first}-restored`);
  }

  it('is where Chrome keeps these pages (the setup is sound)', async () => {
    const page = env.session.page;
    await goBackToCachedPage(page, 'cache-probe', 'cache-probe-next');
    expect(await page.evaluate(() => (window as unknown as ChatWindow).shows)).toEqual([false, true]);
  });

  /*
   * Chrome closes a page's extension ports when it enters the cache: the restored page's relay
   * must say hello again, and the panel take its documents back as the current page's.
   */
  it('with Preserve log, lists a restored page’s connections once, and its new ones', async () => {
    const page = env.session.page;
    const panel = await openPanel(env.session, page);
    await setPreserveLog(panel, true);
    await goBackToCachedPage(page, 'cached', 'between');

    await until('the restored page’s new connection', async () => (await rowsWith(panel, 'hello from cached-restored')) === 2);
    expect(await connectionOf(panel, 'cached').count()).toBe(1);
    expect(await connectionOf(panel, 'between').count()).toBe(1);
    expect(await connectionOf(panel, 'cached-restored').innerText()).not.toContain('previous page');
    expect(await rowsWith(panel, 'hello from cached')).toBe(2 + 2);
    expect(await rowsWith(panel, 'hello from between')).toBe(2);
    await setPreserveLog(panel, false);
    await panel.close();
  });

  it('without Preserve log, shows the restored page’s new connection and nothing of the page left', async () => {
    const page = env.session.page;
    const panel = await openPanel(env.session, page);
    await setPreserveLog(panel, false);
    await goBackToCachedPage(page, 'cached-again', 'between-again');

    await until('the restored page’s new connection', async () => (await rowsWith(panel, 'hello from cached-again-restored')) === 2);
    await until('the page left cleared', async () => (await connectionOf(panel, 'between-again').count()) === 0);
    expect(await rowsWith(panel, 'hello from between-again')).toBe(0);
    expect(await connectionOf(panel, 'cached-again-restored').count()).toBe(1);
    await panel.close();
  });

  it('with Preserve log, keeps what a page sends while it is being left', async () => {
    const page = env.session.page;
    env.server.addPage(
      '/leaving.html',
      `<!doctype html><meta charset="utf-8"><script>
        const ws = new WebSocket('${env.server.wsOrigin}/ws/echo?page=leaving');
        ws.onopen = () => { window.opened = true; };
        addEventListener('pagehide', () => ws.send('bye from leaving'));
      </script>`,
    );
    await page.goto(`${env.server.origin}/leaving.html`);
    const panel = await openPanel(env.session, page);
    await setPreserveLog(panel, true);
    await until('the socket open', () => page.evaluate(() => (window as unknown as { opened?: boolean }).opened === true));
    await until('the connection listed', async () => (await connectionOf(panel, 'leaving').count()) === 1);
    // The hook batches for a few milliseconds; a document being left runs no timer any more.
    await page.goto(addChatPage('after-leaving'));
    await until('the goodbye in the panel', async () => (await rowsWith(panel, 'bye from leaving')) === 1);
    await setPreserveLog(panel, false);
    await panel.close();
  });
});

