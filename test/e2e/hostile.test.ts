/**
 * Bad input from the page and the network: a 16 MiB frame (bigger than the page backlog's budget), 10,000 messages in a burst, and a page
 * that forges events with Frametap's own event names. Nothing crashes or freezes, the page behaves
 * as without Frametap, and the panel shows what really happened.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EVENT_COMMAND, EVENT_HANDSHAKE, EVENT_HOOK_BATCH } from '../../src/shared/constants';
import { openEventTap, openPanel, until, useEnvironment, hookEvents } from './harness';
import { connections, details, grid } from './panel-view';
import { floodPage, floodProgress } from '../fixtures/flood-page';

const env = useEnvironment();

/** Opens a flood page and waits for the flood's end. */
async function openFlood(page: Page, path: string, query: string): Promise<void> {
  env.server.addPage(path, floodPage(env.server.wsOrigin, query));
  await page.goto(`${env.server.origin}${path}`);
  await until('the flood to end', async () => (await floodProgress(page)).end, 60_000);
}

it('carries a 16 MiB text frame to an open panel whole, and says so when the page backlog could not keep one', async () => {
  const page = env.session.page;
  const size = 16 * 1024 * 1024;
  // Before anyone inspects the page, a frame bigger than the page backlog's whole budget: the
  // backlog cannot keep it, and the panel tells that it is missing, and how big it was.
  await openFlood(page, '/huge-before.html', `count=1&size=${size}`);
  const panel = await openPanel(env.session, page);
  const flood = connections(panel).getByRole('option', { name: /ws\/flood/ });
  await until('the flood connection', async () => (await flood.locator('.connection-kept').count()) > 0);
  expect(await flood.locator('.connection-kept').innerText()).toBe('1 of 2 kept');
  const received = await flood.locator('.traffic span').last().getAttribute('title');
  expect(received?.replace(/,/g, '')).toContain(`Received: 2 messages ${size + '{"type":"flood-end","count":1}'.length} bytes`);

  // While the panel reads, the same frame streams to it whole.
  await openFlood(page, '/huge.html', `count=1&size=${size}`);
  const row = await until('the huge row', async () => {
    const texts = await grid(panel).getByRole('row').allInnerTexts();
    return texts.find((t) => t.includes('000001|'));
  });
  expect(row).toContain('16.8 MB');
  await grid(panel).getByRole('row').filter({ hasText: '000001|' }).click();
  const detailsText = await details(panel).innerText();
  expect(detailsText.replace(/[,\s]/g, '')).toContain('16777216bytes');
  expect(detailsText).not.toMatch(/truncated/i);
  await panel.close();
});

it('shows every one of 10,000 messages sent in a burst, in order', async () => {
  const page = env.session.page;
  await openFlood(page, '/burst.html', 'count=10000&size=64');
  expect((await floodProgress(page)).count).toBe(10_000);

  const tap = await openEventTap(env.session, page);
  const frames = await until('10,000 frames through the pipeline', async () => {
    const all = hookEvents(await tap.events()).filter((e) => e.type === 'frame');
    return all.length >= 10_001 ? all : undefined;
  });
  const counters = frames.slice(0, 10_000).map((e) => (e.type === 'frame' ? Number(e.data.slice(0, 6)) : 0));
  expect(counters).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
  await tap.close();

  const panel = await openPanel(env.session, page);
  await until('all rows counted in the grid', async () => Number(await grid(panel).getAttribute('aria-rowcount')) >= 10_002);
  await panel.close();
});

it('ignores events a page forges with Frametap’s own names', async () => {
  const forged = JSON.stringify({
    source: 'frametap',
    v: 1,
    events: [{ type: 'frame', conn: 'forged.1', seq: 1, time: 1, dir: 'in', via: 'page', opcode: 'text', size: 6, data: 'FORGED', truncated: false }],
  });
  env.server.addPage(
    '/forger.html',
    `<!doctype html><meta charset="utf-8"><script>
      const ws = new WebSocket('${env.server.wsOrigin}/ws/echo');
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
  const page = env.session.page;
  await page.goto(`${env.server.origin}/forger.html`);
  await env.server.waitFor(() => env.server.received.some((m) => m.data === 'real message'));
  const panel = await openPanel(env.session, page);
  await until('the real echo', async () => (await grid(panel).getByRole('row').allInnerTexts()).filter((t) => t.includes('real message')).length === 2);
  expect(await grid(panel).innerText()).not.toContain('FORGED');
  expect(await connections(panel).getByRole('option').count()).toBe(2);
  await panel.close();
});
