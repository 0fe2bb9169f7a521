/**
 * The whole pipeline on real traffic: page hook → content relay → service worker → panel page,
 * against the demo server, in Chromium with the built extension.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEventTap, openPanel, until, useEnvironment, hookEvents } from './harness';
import { connections, grid, rowTexts } from './panel-view';
import { trafficPage } from '../fixtures/traffic-page';

const env = useEnvironment();

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


describe('pipeline', () => {
  it('captures a socket opened by an inline <head> script, before the panel was opened (backlog)', async () => {
    const page = env.session.page;
    await openTrafficPage(page, '/backlog.html');
    const panel = await openPanel(env.session, page);

    await until('both connections listed', async () => (await connections(panel).getByRole('option').count()) >= 3);
    const wsOption = connections(panel).getByRole('option', { name: /ws\/echo/ });
    const sseOption = connections(panel).getByRole('option', { name: /sse\/stream/ });
    await expect(wsOption.count()).resolves.toBe(1);
    await expect(sseOption.count()).resolves.toBe(1);

    await wsOption.click();
    const rows = await until('the echo conversation', async () => {
      const texts = await rowTexts(panel);
      return texts.filter((t) => t.includes('hello from head')).length === 2 ? texts : undefined;
    });
    expect(rows.some((t) => t.includes('↑') && t.includes('hello from head'))).toBe(true);
    expect(rows.some((t) => t.includes('↓') && t.includes('hello from head'))).toBe(true);
    expect(rows.filter((t) => t.includes('"greeting"'))).toHaveLength(2);
    // Binary, with bytes that are not UTF-8, is shown as hex.
    expect(rows.filter((t) => /00 01 02 ff c3 28/i.test(t))).toHaveLength(2);

    await sseOption.click();
    const sseRows = await until('SSE events with their types', async () => {
      const texts = await rowTexts(panel);
      return texts.some((t) => t.includes('price')) ? texts : undefined;
    });
    expect(sseRows.some((t) => t.includes('message'))).toBe(true);
    await panel.close();
  });

  it('streams new messages into an open panel, live', async () => {
    const page = env.session.page;
    await openTrafficPage(page, '/live.html');
    const panel = await openPanel(env.session, page);
    await connections(panel).getByRole('option', { name: /ws\/echo/ }).click();
    await until('backlog rows', async () => (await rowTexts(panel)).length >= 6);

    await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('live message 1'));
    const rows = await until('the live message and its echo', async () => {
      const texts = await rowTexts(panel);
      return texts.filter((t) => t.includes('live message 1')).length === 2 ? texts : undefined;
    });
    expect(rows.length).toBeGreaterThanOrEqual(8);
    await panel.close();
  });

  it('delivers every hook event in order, once, with binary as base64', async () => {
    const page = env.session.page;
    await openTrafficPage(page, '/tap.html');
    const tap = await openEventTap(env.session, page);
    const events = await until('the backlog through the tap', async () => {
      const all = hookEvents(await tap.events());
      return all.filter((e) => e.type === 'frame').length >= 9 ? all : undefined;
    });
    const ws = events.find((e) => e.type === 'create' && e.kind === 'ws');
    expect(ws).toMatchObject({ url: `${env.server.wsOrigin}/ws/echo`, protocols: ['chat'] });
    const wsEvents = events.filter((e) => e.conn === ws?.conn);
    expect(wsEvents.map((e) => e.seq)).toEqual(wsEvents.map((_, i) => i));
    expect(wsEvents.find((e) => e.type === 'open')).toMatchObject({ protocol: 'chat' });
    const binary = wsEvents.filter((e) => e.type === 'frame' && e.opcode === 'binary');
    expect(binary).toHaveLength(2);
    expect(binary[0]).toMatchObject({ dir: 'out', size: 6, data: Buffer.from([0, 1, 2, 255, 0xc3, 0x28]).toString('base64') });
    expect(binary[1]).toMatchObject({ dir: 'in', size: 6 });
    await tap.close();
  });

  it('leaks nothing to the page: no window message events', async () => {
    const page = env.session.page;
    await openTrafficPage(page, '/quiet.html');
    const panel = await openPanel(env.session, page);
    await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('while the panel listens'));
    await until('the message in the panel', async () =>
      (await grid(panel).innerText()).includes('while the panel listens'),
    );
    expect(await page.evaluate(() => (window as unknown as { windowMessages: number }).windowMessages)).toBe(0);
    await panel.close();
  });
});
