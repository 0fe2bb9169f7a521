/**
 * Many tabs at once: twenty tabs each streaming ticks, taps and panels open on several of them;
 * each sees its own tab's connection and nothing of the others'.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openInNewWindow, panelUrl, tabIdOf, until, useEnvironment, openEventTap } from './harness';

const TABS = 20;
const INSPECTED = [0, 7, 13, 19];

const env = useEnvironment();

const tabOfUrl = (url: string): string | null => new URL(url).searchParams.get('tab');

describe('many tabs', () => {
  let tabs: { page: Page; tabId: number }[];

  beforeAll(async () => {
    env.server.addPage(
      '/ticks.html',
      `<!doctype html><meta charset="utf-8"><script>
        window.ticks = 0;
        const ws = new WebSocket('${env.server.wsOrigin}/ws/ticks?interval=50&tab=' + new URLSearchParams(location.search).get('tab'));
        ws.onmessage = () => window.ticks++;
      </script>`,
    );
    tabs = [];
    for (let i = 0; i < TABS; i++) {
      const page = i === 0 ? env.session.page : await env.session.context.newPage();
      await page.goto(`${env.server.origin}/ticks.html?tab=${i}`);
      tabs.push({ page, tabId: await tabIdOf(env.session, page) });
    }
    expect(new Set(tabs.map((t) => t.tabId)).size).toBe(TABS);
  }, 120_000);

  it('gives each tap only its own tab’s connection, while all twenty stream', async () => {
    const taps = await Promise.all(INSPECTED.map((i) => openEventTap(env.session, tabs[i]!.page)));
    for (const [k, i] of INSPECTED.entries()) {
      const events = await until(`ticks of tab ${i}`, async () => {
        const all = await taps[k]!.events();
        return all.filter(({ event }) => event.type === 'frame').length >= 10 ? all : undefined;
      });
      const creates = events.flatMap(({ event }) => (event.type === 'create' ? [event] : []));
      expect(creates.map((c) => tabOfUrl(c.url))).toEqual([String(i)]);
      const conn = creates[0]?.conn;
      expect(events.every(({ event }) => event.conn === conn)).toBe(true);
    }
    // The other tabs kept streaming meanwhile.
    for (const { page } of tabs) await until('ticks', () => page.evaluate(() => (window as unknown as { ticks: number }).ticks > 0));
    await Promise.all(taps.map((tap) => tap.close()));
  });

  it('lists only its own tab’s connection in each open panel', async () => {
    const panels = await Promise.all(INSPECTED.slice(0, 2).map((i) => openInNewWindow(env.session, panelUrl(env.session, tabs[i]!.tabId))));
    for (const [k, i] of INSPECTED.slice(0, 2).entries()) {
      const connections = panels[k]!.getByRole('listbox', { name: 'Connections' }).getByRole('option', { name: /ws\/ticks/ });
      await until(`the connection of tab ${i}`, async () => (await connections.count()) === 1);
      expect(await connections.innerText()).toContain(`tab=${i}`);
      const grid = panels[k]!.getByRole('grid', { name: 'Messages' });
      await until('ticks in the grid', async () => Number(await grid.getAttribute('aria-rowcount')) >= 5);
    }
    await Promise.all(panels.map((panel) => panel.close()));
  });
});
