/**
 * The whole pipeline in Firefox: page hook (MAIN world) → content relay → event page → panel
 * page, on real traffic from the demo server, including what happened before the panel opened.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { CreateEvent, HookEvent } from '../../src/shared/protocol';
import { hookEvents, until } from '../e2e/harness';
import { trafficPage } from '../fixtures/traffic-page';
import { clickText, openEventTap, openPanel, rowTexts, textsOf, useFirefox } from './harness';

const env = useFirefox();

async function openTrafficPage(page: Page, path: string): Promise<void> {
  env.server.addPage(path, trafficPage(env.server.wsOrigin));
  await page.goto(`${env.server.origin}${path}`);
  await until('echoes and SSE events', () =>
    page.evaluate(() => {
      const w = window as unknown as { received: string[]; sse: string[] };
      return w.received.length >= 3 && w.sse.length >= 3;
    }),
  );
}

const CONNECTIONS = '[role="listbox"][aria-label="Connections"] [role="option"]';

describe('pipeline in Firefox', () => {
  it('shows a socket and an EventSource opened by an inline <head> script before the panel was opened (backlog)', async () => {
    const page = env.session.page;
    await openTrafficPage(page, '/backlog.html');
    const panel = await openPanel(env.session, page);

    const options = await until('both connections listed', async () => {
      const texts = await textsOf(panel, CONNECTIONS);
      return texts.some((t) => t.includes('ws/echo')) && texts.some((t) => t.includes('sse/stream')) ? texts : undefined;
    });
    expect(options.filter((t) => t.includes('ws/echo'))).toHaveLength(1);

    await clickText(panel, CONNECTIONS, 'ws/echo');
    const rows = await until('the echo conversation', async () => {
      const texts = await rowTexts(panel);
      return texts.filter((t) => t.includes('hello from head')).length === 2 ? texts : undefined;
    });
    expect(rows.some((t) => t.includes('↑') && t.includes('hello from head'))).toBe(true);
    expect(rows.some((t) => t.includes('↓') && t.includes('hello from head'))).toBe(true);
    expect(rows.filter((t) => t.includes('"greeting"'))).toHaveLength(2);
    // Binary that is not UTF-8 is shown as hex.
    expect(rows.filter((t) => /00 01 02 ff c3 28/i.test(t))).toHaveLength(2);

    await clickText(panel, CONNECTIONS, 'sse/stream');
    const sseRows = await until('SSE events with their types', async () => {
      const texts = await rowTexts(panel);
      return texts.some((t) => t.includes('price')) ? texts : undefined;
    });
    expect(sseRows.some((t) => t.includes('message'))).toBe(true);
    await panel.close();
  });

  it('streams new messages into an open panel, live, and leaks no message event to the page', async () => {
    const page = env.session.page;
    await openTrafficPage(page, '/live.html');
    const panel = await openPanel(env.session, page);
    await until('the echo connection', async () => (await textsOf(panel, CONNECTIONS)).some((t) => t.includes('ws/echo')));
    await clickText(panel, CONNECTIONS, 'ws/echo');
    await until('backlog rows', async () => (await rowTexts(panel)).length >= 6);

    await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('live message 1'));
    await until('the live message and its echo', async () => (await rowTexts(panel)).filter((t) => t.includes('live message 1')).length === 2);
    expect(await page.evaluate(() => (window as unknown as { windowMessages: number }).windowMessages)).toBe(0);
    await panel.close();
  });

  it('delivers every hook event in order, once, with binary as base64 and the frame and document Firefox stamped', async () => {
    const page = env.session.page;
    await openTrafficPage(page, '/tap.html');
    const tap = await openEventTap(env.session, page);
    const attributed = await until('the backlog through the tap', async () => {
      const all = await tap.events();
      return hookEvents(all).filter((e) => e.type === 'frame').length >= 9 ? all : undefined;
    });
    const events = hookEvents(attributed);
    const ws = events.find((e): e is CreateEvent => e.type === 'create' && e.kind === 'ws');
    expect(ws).toMatchObject({ url: `${env.server.wsOrigin}/ws/echo`, protocols: ['chat'] });
    const wsEvents = events.filter((e) => e.conn === ws?.conn);
    expect(wsEvents.map((e) => e.seq)).toEqual(wsEvents.map((_, i) => i));
    expect(wsEvents.find((e) => e.type === 'open')).toMatchObject({ protocol: 'chat' });
    const binary = wsEvents.filter((e) => e.type === 'frame' && e.opcode === 'binary');
    expect(binary).toHaveLength(2);
    expect(binary[0]).toMatchObject({ dir: 'out', size: 6, data: Buffer.from([0, 1, 2, 255, 0xc3, 0x28]).toString('base64') });
    // The top frame is frame 0, and its document has an id of Firefox's own.
    expect(attributed[0]?.origin.frameId).toBe(0);
    expect(attributed[0]?.origin.documentId).toMatch(/\S/);
    await tap.close();
  });

  it('captures every frame: a cross-origin iframe and an about:blank one, each attributed to its own frame', async () => {
    const page = env.session.page;
    const crossOrigin = env.server.origin.replace('127.0.0.1', 'localhost');
    env.server.addPage('/child.html', `<!doctype html><script>const ws = new WebSocket('${env.server.wsOrigin}/ws/echo?frame=child'); ws.onopen = () => ws.send('from the child');</script>`);
    env.server.addPage(
      '/parent.html',
      `<!doctype html><iframe src="${crossOrigin}/child.html"></iframe><iframe id="blank"></iframe><script>
      const blank = document.getElementById('blank').contentWindow;
      const ws = new blank.WebSocket('${env.server.wsOrigin}/ws/echo?frame=blank'); ws.onopen = () => ws.send('from about:blank');
      </script>`,
    );
    await page.goto(`${env.server.origin}/parent.html`);
    const tap = await openEventTap(env.session, page);
    const echoed = (all: HookEvent[], text: string): boolean => all.some((e) => e.type === 'frame' && e.dir === 'in' && e.data === text);
    const attributed = await until('both frames’ echoes', async () => {
      const all = await tap.events();
      const events = hookEvents(all);
      return echoed(events, 'from the child') && echoed(events, 'from about:blank') ? all : undefined;
    });
    const frameOf = (query: string): number | undefined => {
      const create = attributed.find(({ event }) => event.type === 'create' && event.url.endsWith(query));
      return create?.origin.frameId;
    };
    expect(frameOf('frame=child')).not.toBe(0);
    expect(frameOf('frame=child')).toBeDefined();
    // The about:blank frame's socket is its own document's.
    expect(frameOf('frame=blank')).toBeDefined();
    await tap.close();
  });
});
