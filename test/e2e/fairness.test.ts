/**
 * A flood on one socket never erases another, and what the panel says of each connection stays
 * true however much a budget dropped: the page's backlog (before a panel is open) and the
 * panel's own message budget (while it is) both give up the loud connection's oldest messages.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { heapWeight } from '../../src/hook/held-event';
import { PAGE_BACKLOG_KEY, PAGE_BACKLOG_LIMITS } from '../../src/shared/page-backlog';
import { openPanel, until, useEnvironment } from './harness';
import { connectionTotals, connections, grid, rowCount, rowTexts } from './panel-view';

const env = useEnvironment();

const FLOOD = 100_000;
const FLOOD_SIZE = 64;
/** The flood endpoint's last message after FLOOD messages. */
const FLOOD_END = `{"type":"flood-end","count":${FLOOD}}`;

/** A quiet echo socket (five messages each way), then a loud one, before anyone inspects the page. */
function floodPage(wsOrigin: string, flood: number): string {
  return `<!doctype html><meta charset="utf-8"><script>
    window.echoed = 0;
    window.received = 0;
    window.quiet = new WebSocket('${wsOrigin}/ws/echo?quiet');
    quiet.onopen = () => { for (let i = 1; i <= 5; i++) quiet.send('quiet ' + i); };
    quiet.onmessage = () => {
      if (++echoed < 5) return;
      window.loud = new WebSocket('${wsOrigin}/ws/flood?count=${flood}&size=${FLOOD_SIZE}');
      loud.onmessage = () => received++;
    };
  </script>`;
}

async function openFloodedPage(path: string, flood: number): Promise<Page> {
  env.server.addPage(path, floodPage(env.server.wsOrigin, flood));
  const page = env.session.page;
  await page.goto(`${env.server.origin}${path}`);
  await until('the whole flood in the page', () => page.evaluate((n) => (window as unknown as { received: number }).received === n + 1, flood), 60_000);
  return page;
}

const option = (panel: Page, name: RegExp) => connections(panel).getByRole('option', { name });

const totals = connectionTotals;

describe('fair budgets and true totals', () => {
  it('keeps a quiet socket whole and every state and total true after a flood before the panel opened', async () => {
    const page = await openFloodedPage('/flood-before.html', FLOOD);
    const panel = await openPanel(env.session, page);
    const loud = /ws\/flood/;
    const quiet = /ws\/echo/;
    await until('the loud socket’s totals', async () => (await totals(panel, loud))[1]?.includes(`${(FLOOD + 1).toLocaleString('en-US')} messages`));

    expect(await totals(panel, quiet)).toEqual(['Sent: 5 messages, 35 bytes', 'Received: 5 messages, 35 bytes']);
    const floodBytes = FLOOD * FLOOD_SIZE + FLOOD_END.length;
    expect(await totals(panel, loud)).toEqual(['Sent: 0 messages, 0 bytes', `Received: 100,001 messages, ${floodBytes.toLocaleString('en-US')} bytes`]);
    for (const name of [quiet, loud]) expect(await option(panel, name).locator('.connection-state').innerText()).toBe('open');

    // The document's backlog held what its default byte budget holds: the quiet socket's 12 events
    // (create, open, ten frames), the loud one's create and open, and the loud one's newest frames.
    expect(await option(panel, quiet).locator('.connection-kept').count()).toBe(0);
    const keptText = await option(panel, loud).locator('.connection-kept').innerText();
    expect(keptText).toMatch(/^[\d,]+ of 100,001 kept$/);
    const loudKept = Number(keptText.split(' ')[0]!.replaceAll(',', ''));
    const floodFrame = { conn: 'c', seq: 0, time: 0, type: 'frame', dir: 'in', via: 'page', opcode: 'text', size: FLOOD_SIZE, data: 'x'.repeat(FLOOD_SIZE), truncated: false } as const;
    const mostFrames = Math.floor(PAGE_BACKLOG_LIMITS.defaultBytes / heapWeight(floodFrame));
    // What the sixteen other events weigh leaves room for a few dozen fewer.
    expect(loudKept).toBeLessThanOrEqual(mostFrames);
    expect(loudKept).toBeGreaterThan(mostFrames - 50);

    await option(panel, quiet).click();
    await until('the quiet socket’s rows', async () => (await rowCount(panel)) === 11);
    const quietRows = await rowTexts(panel);
    expect(quietRows.filter((t) => /quiet \d/.test(t))).toHaveLength(10);

    // The loud socket: its open row, the gap, and its newest frames, the last of which is the end.
    await option(panel, loud).click();
    await until('the loud socket’s rows', async () => (await rowCount(panel)) === 2 + loudKept);
    const lost = FLOOD + 1 - loudKept;
    const gapTo = 1 + lost;
    await panel.getByRole('searchbox', { name: 'Filter' }).fill('lost here');
    await until('the gap row alone', async () => (await rowCount(panel)) === 1);
    expect((await rowTexts(panel))[0]).toContain(`${lost.toLocaleString('en-US')} messages lost here (seq 2–${gapTo.toLocaleString('en-US')})`);
    await panel.close();
  });

  it('gives up the loud socket’s oldest messages, not the quiet one’s, when the panel’s own budget is reached', async () => {
    const page = env.session.page;
    const panel = await openPanel(env.session, page);
    // The smallest message budget the settings allow.
    await panel.getByRole('button', { name: 'Settings' }).click();
    await panel.getByRole('spinbutton', { name: 'Message budget' }).fill('100');
    await panel.getByRole('button', { name: 'Apply' }).click();

    await openFloodedPage('/flood-while-open.html', 5_000);
    const loud = /ws\/flood/;
    await until('the loud socket’s last message in the panel', async () => (await totals(panel, loud))[1]?.startsWith('Received: 5,001 messages'));
    await option(panel, /ws\/echo/).click();
    await until('the quiet socket whole', async () => (await rowTexts(panel)).filter((t) => /quiet \d/.test(t)).length === 10);
    expect(await option(panel, /ws\/echo/).locator('.connection-kept').count()).toBe(0);
    await option(panel, loud).click();
    const kept = await until('the loud socket’s newest rows', async () => {
      const text = await option(panel, loud).locator('.connection-kept').innerText();
      return /of 5,001 kept$/.test(text) ? text : undefined;
    });
    expect(Number(kept.split(' ')[0])).toBeLessThan(100);
    expect((await grid(panel).getByRole('row').last().innerText())).toContain('flood-end');
    // Settings are remembered: the other tests of the run have the default budget back.
    await panel.evaluate(() => chrome.storage.local.remove('frametap:panel-settings'));
    await panel.close();
  });

  it('keeps what the page backlog budget in Settings allows, on a tab already open and on pages loaded later', async () => {
    const size = 1024;
    const frame = { conn: 'c', seq: 0, time: 0, type: 'frame', dir: 'in', via: 'page', opcode: 'text', size, data: 'x'.repeat(size), truncated: false } as const;
    const keptOf = async (panel: Page): Promise<number> => {
      const text = await until('the flood’s kept count', async () => {
        const kept = option(panel, /ws\/flood/).locator('.connection-kept');
        return (await kept.count()) > 0 && /of 20,001 kept$/.test(await kept.innerText()) ? kept.innerText() : undefined;
      });
      return Number(text.split(' ')[0]!.replaceAll(',', ''));
    };
    const expectAbout = (kept: number, budget: number): void => {
      // The flood's 1 KB frames, and its short end marker.
      const most = Math.floor(budget / heapWeight(frame)) + 1;
      expect(kept).toBeLessThanOrEqual(most);
      expect(kept).toBeGreaterThan(most - 20);
    };
    const flood = (path: string) => {
      env.server.addPage(path, `<!doctype html><meta charset="utf-8"><script>
        window.received = 0;
        new WebSocket('${env.server.wsOrigin}/ws/flood?count=20000&size=${size}').onmessage = () => received++;
      </script>`);
      return env.session.page.goto(`${env.server.origin}${path}`);
    };
    const page = env.session.page;
    await flood('/budget-before.html');
    await until('the flood in the page', () => page.evaluate(() => (window as unknown as { received: number }).received === 20_001), 60_000);

    let panel = await openPanel(env.session, page);
    expectAbout(await keptOf(panel), PAGE_BACKLOG_LIMITS.defaultBytes);
    await panel.getByRole('button', { name: 'Settings' }).click();
    await panel.getByRole('spinbutton', { name: 'Page backlog (MB)' }).fill('1');
    await panel.getByRole('button', { name: 'Apply' }).click();
    await panel.close();

    // The page that was already open trimmed its backlog to the new budget.
    panel = await openPanel(env.session, page);
    expectAbout(await keptOf(panel), 1024 * 1024);
    await panel.close();

    // And a page loaded afterwards keeps no more either.
    await flood('/budget-after.html');
    await until('the second flood in the page', () => page.evaluate(() => (window as unknown as { received: number }).received === 20_001), 60_000);
    panel = await openPanel(env.session, page);
    expectAbout(await keptOf(panel), 1024 * 1024);
    await panel.evaluate((key) => chrome.storage.local.remove(key), PAGE_BACKLOG_KEY);
    await panel.close();
  });
});
