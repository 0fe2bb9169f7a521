/**
 * Frametap's own life cycle under a live page: the service worker stopped by Chrome while a page
 * streams, and the extension reloaded (or updated) under an open page.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { controlServiceWorker, reloadExtension } from '../fixtures/extension-lifecycle';
import { ROW_HEIGHT } from '../../src/panel/grid/virtual-window';
import { openPanel, until, useEnvironment } from './harness';
import { floodPage, floodProgress } from '../fixtures/flood-page';
import { grid } from './panel-view';

const env = useEnvironment();

const FLOOD = 1000;
const MIB = 1024 * 1024;
/** Well above what the page itself keeps, so that a copy kept by Frametap shows. */
const ORPHAN_TRAFFIC_MIB = 32;

/**
 * Every row of the panel's grid, top to bottom, as a user scrolling through it reads them: the
 * grid is virtual, so it is scrolled a screen at a time and rows are collected by aria-rowindex.
 */
async function readAllRows(panel: Page): Promise<string[]> {
  const count = Number(await grid(panel).getAttribute('aria-rowcount'));
  const byIndex = new Map<number, string>();
  for (let wanted = 0; byIndex.size < count; ) {
    const scrolledTo = await grid(panel).evaluate((el, top) => {
      el.scrollTop = top;
      return el.scrollTop;
    }, wanted);
    const firstIndex = Math.floor(scrolledTo / ROW_HEIGHT) + 1;
    const rows = await until(`row ${firstIndex} rendered`, async () => {
      const rendered = await grid(panel)
        .getByRole('row')
        .evaluateAll((els) => els.map((el): [number, string] => [Number(el.getAttribute('aria-rowindex')), (el as HTMLElement).innerText]));
      return rendered.some(([index]) => index === firstIndex) && rendered;
    });
    for (const [index, text] of rows) byIndex.set(index, text);
    wanted = scrolledTo + (await grid(panel).evaluate((el) => el.clientHeight));
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, text]) => text);
}

describe('service worker restart', () => {
  it('keeps every one of 1,000 streamed messages, in order, once, across a worker stop', async () => {
    const page = env.session.page;
    // 200 messages a second, so that the worker can be stopped in the middle.
    env.server.addPage('/sw-flood.html', floodPage(env.server.wsOrigin, `count=${FLOOD}&size=32&rate=200`));
    const panel = await openPanel(env.session, page);
    await page.goto(`${env.server.origin}/sw-flood.html`);
    await page.bringToFront();
    await until('the flood under way', async () => (await floodProgress(page)).count >= 150);

    const worker = await controlServiceWorker(env.session);
    await worker.stop();
    expect((await floodProgress(page)).end).toBe(false);
    // The panel's reconnection wakes it again.
    await until('the worker restarted', async () => worker.restarts() === 1);
    await worker.close();

    await until('the flood to end', async () => (await floodProgress(page)).end, 30_000);
    // open + FLOOD messages + flood-end
    await until('every message in the panel', async () => Number(await grid(panel).getAttribute('aria-rowcount')) >= FLOOD + 2);
    const rows = await readAllRows(panel);
    const numbers = rows.map((text) => /(\d{6})\|/.exec(text)?.[1]).filter((n): n is string => n !== undefined);
    expect(numbers.map(Number)).toEqual(Array.from({ length: FLOOD }, (_, i) => i + 1));
    expect(Number(await grid(panel).getAttribute('aria-rowcount'))).toBe(FLOOD + 2);
    await expect(panel.getByText(/missed/).count()).resolves.toBe(0);
    await panel.close();
  });
});

/** Everything the page's tab reports as an error, from any world: the page's, and Frametap's content scripts'. */
async function collectErrors(page: Page): Promise<() => string[]> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Runtime.exceptionThrown', ({ exceptionDetails }) => errors.push(`exception: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`));
  cdp.on('Runtime.consoleAPICalled', ({ type, args }) => {
    if (type === 'error' || type === 'warning') errors.push(`console.${type}: ${args.map((a) => a.value ?? a.description).join(' ')}`);
  });
  cdp.on('Log.entryAdded', ({ entry }) => {
    if (entry.level === 'error' || entry.level === 'warning') errors.push(`log: ${entry.text}`);
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Log.enable');
  return () => errors;
}

/** A chat document: an echo socket opened on demand, the echoes it got, and whatever reaches window.onerror. */
function chatDocument(body = ''): string {
  return `<!doctype html><meta charset="utf-8"><script>
    window.chat = { echoes: [], closed: null, errors: [] };
    window.onerror = (message) => { window.chat.errors.push(String(message)); };
    window.onunhandledrejection = (e) => { window.chat.errors.push('rejection: ' + e.reason); };
    window.connect = (name) => {
      const ws = new WebSocket('${env.server.wsOrigin}/ws/echo?' + name);
      ws.onmessage = (e) => window.chat.echoes.push(e.data);
      ws.onclose = (e) => { window.chat.closed = e.code + ' ' + e.reason; };
      return new Promise((resolve) => { ws.onopen = () => resolve(); }).then(() => { window.ws = ws; });
    };
  </script>${body}`;
}

interface Chat {
  echoes: string[];
  closed: string | null;
  errors: string[];
}

type ChatWindow = Window & { chat: Chat; ws: WebSocket; connect(name: string): Promise<void> };
type Document = Page | Frame;
const chatOf = (doc: Document): Promise<Chat> => doc.evaluate(() => (window as unknown as ChatWindow).chat);
const connect = (doc: Document, name: string): Promise<void> => doc.evaluate((n) => (window as unknown as ChatWindow).connect(n), name);

async function sendAndAwaitEcho(doc: Document, text: string): Promise<void> {
  await doc.evaluate((t) => (window as unknown as ChatWindow).ws.send(t), text);
  await until(`the echo of ${text}`, async () => (await chatOf(doc)).echoes.includes(text));
}

describe('extension reload', () => {
  it('leaves the page’s sockets working and throws nothing at it; a reloaded page is inspected again', async () => {
    const page = env.session.page;
    env.server.addPage('/reload-frame.html', chatDocument());
    // The frame has no traffic before the reload: its relay never spoke to the extension.
    env.server.addPage('/reload.html', chatDocument('<iframe src="/reload-frame.html"></iframe>'));
    await page.goto(`${env.server.origin}/reload.html`);
    const frame = page.frames()[1]!;
    const errors = await collectErrors(page);
    await connect(page, 'before');
    const panel = await openPanel(env.session, page);
    await sendAndAwaitEcho(page, 'before the reload');
    await until('the message in the panel', async () => (await grid(panel).innerText()).includes('before the reload'));

    await reloadExtension(env.session);
    await page.bringToFront();

    // The socket opened before the reload, and those opened after it, all work.
    await sendAndAwaitEcho(page, 'after the reload');
    await connect(page, 'after');
    await sendAndAwaitEcho(page, 'on a new socket');
    await connect(frame, 'frame');
    await sendAndAwaitEcho(frame, 'first words of the frame');
    await page.evaluate(() => (window as unknown as ChatWindow).ws.close(4001, 'done'));
    await until('the close', async () => (await chatOf(page)).closed === '4001 done');
    await env.server.waitFor(() => env.server.closes.some((c) => c.code === 4001));
    expect((await chatOf(page)).errors).toEqual([]);
    expect((await chatOf(frame)).errors).toEqual([]);
    expect(errors()).toEqual([]);

    // Chrome does not inject the new content scripts into open pages: a panel opened now says so,
    // and reloading the page is what brings them.
    const stale = await openPanel(env.session, page);
    await until('the reload notice', async () => (await stale.getByText('Reload the page to inspect it').count()) === 1);
    await stale.close();
    await page.reload();
    const fresh = await openPanel(env.session, page);
    await connect(page, 'reloaded');
    await sendAndAwaitEcho(page, 'inspected again');
    await until('the new traffic in the new panel', async () =>
      (await fresh.getByRole('grid', { name: 'Messages' }).innerText()).includes('inspected again'),
    );
    await fresh.close();
  });

  it('holds on to nothing once orphaned: the old hook and relay keep no copy of later traffic', async () => {
    const page = env.session.page;
    await page.goto(`${env.server.origin}/reload.html`);
    await connect(page, 'orphan');
    // A panel attached: the relay holds a port when the extension goes away.
    const panel = await openPanel(env.session, page);
    await sendAndAwaitEcho(page, 'attached');
    await until('the panel attached', async () => (await grid(panel).innerText()).includes('attached'));
    await reloadExtension(env.session);
    await page.bringToFront();

    const cdp = await env.session.context.newCDPSession(page);
    const heapAfterGc = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    // From here the page counts the echoes and keeps none of them.
    await page.evaluate(() => {
      const w = window as unknown as { ws: WebSocket; bigEchoes: number };
      w.bigEchoes = 0;
      w.ws.onmessage = () => w.bigEchoes++;
    });
    const before = await heapAfterGc();
    const chunk = 'x'.repeat(MIB);
    for (let i = 0; i < ORPHAN_TRAFFIC_MIB; i++) await page.evaluate((data) => (window as unknown as ChatWindow).ws.send(data), chunk);
    await until('every echo', () => page.evaluate((n) => (window as unknown as { bigEchoes: number }).bigEchoes === n, ORPHAN_TRAFFIC_MIB));
    const grown = (await heapAfterGc()) - before;
    await cdp.detach();
    expect(grown).toBeLessThan((ORPHAN_TRAFFIC_MIB * MIB) / 4);
  });
});
