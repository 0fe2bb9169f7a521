/**
 * Bad input from the page and the network: a 16 MiB frame, 10,000 messages in a burst, and a page
 * that forges events with Frametap's own event names. Nothing crashes or freezes, the page behaves
 * as without Frametap, and the panel shows what really happened.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../server/demo-server';
import { EVENT_COMMAND, EVENT_HANDSHAKE, EVENT_HOOK_BATCH } from '../../src/shared/constants';
import { launch, openEventTap, openPanel, until, type Session } from './harness';

let server: DemoServer;
let session: Session;

beforeAll(async () => {
  server = await startDemoServer({ port: 0 });
  session = await launch();
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

/** A page that opens one flood socket and records what it received. */
async function openFlood(page: Page, path: string, query: string): Promise<void> {
  server.addPage(
    path,
    `<!doctype html><meta charset="utf-8"><script>
      window.got = { count: 0, bytes: 0, end: false };
      const ws = new WebSocket('${server.wsOrigin}/ws/flood?${query}');
      ws.onmessage = (e) => {
        if (e.data.startsWith('{"type":"flood-end"')) { window.got.end = true; return; }
        window.got.count++; window.got.bytes += e.data.length;
      };
    </script>`,
  );
  await page.goto(`${server.origin}${path}`);
  await until('the flood to end', () => page.evaluate(() => (window as unknown as { got: { end: boolean } }).got.end), 60_000);
}

interface Got {
  count: number;
  bytes: number;
  end: boolean;
}
const gotOf = (page: Page): Promise<Got> => page.evaluate(() => (window as unknown as { got: Got }).got);

it('carries a 16 MiB text frame to the panel whole', async () => {
  const page = session.page;
  const size = 16 * 1024 * 1024;
  await openFlood(page, '/huge.html', `count=1&size=${size}`);
  expect(await gotOf(page)).toEqual({ count: 1, bytes: size, end: true });

  const panel = await openPanel(session, page);
  const grid = panel.getByRole('grid', { name: 'Messages' });
  const row = await until('the huge row', async () => {
    const texts = await grid.getByRole('row').allInnerTexts();
    return texts.find((t) => t.includes('000001|'));
  });
  expect(row).toContain('16.8 MB');
  await grid.getByRole('row').filter({ hasText: '000001|' }).click();
  const details = await panel.getByRole('region', { name: 'Message details' }).innerText();
  expect(details.replace(/[,\s]/g, '')).toContain('16777216bytes');
  expect(details).not.toMatch(/truncated/i);
  await panel.close();
});

it('shows every one of 10,000 messages sent in a burst, in order', async () => {
  const page = session.page;
  await openFlood(page, '/burst.html', 'count=10000&size=64');
  expect((await gotOf(page)).count).toBe(10_000);

  const tap = await openEventTap(session, page);
  const frames = await until('10,000 frames through the pipeline', async () => {
    const all = (await tap.events()).filter((e) => e.type === 'frame');
    return all.length >= 10_001 ? all : undefined;
  });
  const counters = frames.slice(0, 10_000).map((e) => (e.type === 'frame' ? Number(e.data.slice(0, 6)) : 0));
  expect(counters).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
  await tap.close();

  const panel = await openPanel(session, page);
  const grid = panel.getByRole('grid', { name: 'Messages' });
  await until('all rows counted in the grid', async () => Number(await grid.getAttribute('aria-rowcount')) >= 10_002);
  await panel.close();
});

it('ignores events a page forges with Frametap’s own names', async () => {
  const forged = JSON.stringify({
    source: 'frametap',
    v: 1,
    events: [{ type: 'frame', conn: 'forged.1', seq: 1, time: 1, dir: 'in', via: 'page', opcode: 'text', size: 6, data: 'FORGED', truncated: false }],
  });
  server.addPage(
    '/forger.html',
    `<!doctype html><meta charset="utf-8"><script>
      const ws = new WebSocket('${server.wsOrigin}/ws/echo');
      ws.onopen = () => ws.send('real message');
      const forged = ${JSON.stringify(forged)};
      for (const name of ${JSON.stringify([EVENT_HOOK_BATCH, EVENT_COMMAND, EVENT_HANDSHAKE])}) {
        for (const target of [window, document, document.documentElement]) {
          target.dispatchEvent(new CustomEvent(name, { detail: forged }));
          target.dispatchEvent(new MouseEvent(name, { relatedTarget: document.body }));
        }
      }
      window.forgedDone = true;
    </script>`,
  );
  const page = session.page;
  await page.goto(`${server.origin}/forger.html`);
  await server.waitFor(() => server.received.some((m) => m.data === 'real message'));
  const panel = await openPanel(session, page);
  const grid = panel.getByRole('grid', { name: 'Messages' });
  await until('the real echo', async () => (await grid.getByRole('row').allInnerTexts()).filter((t) => t.includes('real message')).length === 2);
  expect(await grid.innerText()).not.toContain('FORGED');
  expect(await panel.getByRole('listbox', { name: 'Connections' }).getByRole('option').count()).toBe(2);
  await panel.close();
});
