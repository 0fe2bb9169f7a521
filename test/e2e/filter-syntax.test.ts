/**
 * The filter box's query language in a real browser: terms on a page with an echo socket sending
 * messages of different sizes and a second connection of ticks, a malformed term, the help
 * popover, and the recent queries recalled after the panel is opened again.
 */
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPanel, until, useEnvironment } from './harness';
import { rowTexts } from './panel-view';

const env = useEnvironment();
let panel: Page;

/** Echo: an open row, 3 sent and 3 echoed (11 B, 106 B, 4 B). Ticks: an open row and 3 ticks of ~75 B. */
const TOTAL = 11;

const trafficPage = (wsOrigin: string): string => `<!doctype html><meta charset="utf-8"><script>
  window.echoes = 0;
  window.ticks = 0;
  const ws = new WebSocket('${wsOrigin}/ws/echo');
  ws.onmessage = () => window.echoes++;
  ws.onopen = () => {
    ws.send('hello small');
    ws.send('hello ' + 'x'.repeat(100));
    ws.send('ping');
  };
  const ticks = new WebSocket('${wsOrigin}/ws/ticks?interval=20&count=3');
  ticks.onmessage = () => window.ticks++;
</script><body>filter syntax</body>`;

beforeAll(async () => {
  env.server.addPage('/filter-syntax.html', trafficPage(env.server.wsOrigin));
  const page = env.session.page;
  await page.goto(`${env.server.origin}/filter-syntax.html`);
  await until('the echoes and the ticks', () =>
    page.evaluate(() => {
      const counts = window as unknown as { echoes: number; ticks: number };
      return counts.echoes >= 3 && counts.ticks >= 3;
    }),
  );
  panel = await openPanel(env.session, page);
  await until('every message in the panel', async () => (await summary().innerText()) === `${TOTAL} messages`);
});

const filterBox = (): Locator => panel.getByRole('searchbox', { name: 'Filter' });
const summary = (): Locator => panel.locator('.filter-summary');

/** Types a query and commits it with Enter, then waits for the grid to show `shown` rows. */
async function query(text: string, shown: number): Promise<string[]> {
  await filterBox().fill(text);
  await filterBox().press('Enter');
  await until(`${shown} rows for ${text}`, async () => (await summary().innerText()) === `${shown} of ${TOTAL} messages`);
  return rowTexts(panel);
}

describe('filter syntax', () => {
  it('keeps the sent messages for dir:out', async () => {
    const rows = await query('dir:out', 3);
    expect(rows.every((row) => row.includes('↑'))).toBe(true);
  });

  it('keeps the frames over 50 bytes for size>50', async () => {
    const rows = await query('size>50', 5);
    expect(rows.filter((row) => row.includes('106 B'))).toHaveLength(2);
    expect(rows.filter((row) => row.includes('"type":"tick"'))).toHaveLength(3);
  });

  it('keeps one connection for conn:/ticks', async () => {
    const rows = await query('conn:/ticks', 4);
    expect(rows.every((row) => row.includes('/ws/ticks'))).toBe(true);
  });

  it('mixes a negated term with text: -dir:in hello', async () => {
    const rows = await query('-dir:in hello', 2);
    expect(rows.every((row) => row.includes('↑') && row.includes('hello'))).toBe(true);
  });

  it('shows a malformed term as an invalid query and filters nothing', async () => {
    await filterBox().fill('dir:out size>abc');
    await filterBox().press('Enter');
    await until('the box marked invalid', async () => (await filterBox().getAttribute('aria-invalid')) === 'true');
    const alert = panel.getByRole('alert');
    await expect(alert.innerText()).resolves.toContain('size>abc');
    await until('every message shown', async () => (await summary().innerText()) === `${TOTAL} of ${TOTAL} messages`);
    await filterBox().press('Escape');
    await until('the box valid again', async () => (await filterBox().getAttribute('aria-invalid')) === 'false');
  });
});

describe('filter help', () => {
  const helpButton = (): Locator => panel.getByRole('button', { name: 'Filter help' });
  const help = (): Locator => panel.getByRole('dialog', { name: 'Filter help' });

  it('opens a popover documenting the syntax, which Escape closes', async () => {
    await helpButton().click();
    await expect(help().isVisible()).resolves.toBe(true);
    const text = await help().innerText();
    for (const term of ['dir:out', 'type:binary', 'event:price', 'size>1000', 'conn:/echo', '-ping']) expect(text).toContain(term);
    await panel.keyboard.press('Escape');
    await until('the popover closed', async () => (await help().count()) === 0);
    await expect(helpButton().evaluate((button) => button === document.activeElement)).resolves.toBe(true);
  });

  it('closes on a click outside it', async () => {
    await helpButton().click();
    await expect(help().isVisible()).resolves.toBe(true);
    await help().click();
    await expect(help().isVisible()).resolves.toBe(true);
    await summary().click();
    await until('the popover closed', async () => (await help().count()) === 0);
  });
});

describe('recent queries', () => {
  it('offers the queries again with ↑ after the panel is opened again, the malformed one left out', async () => {
    // Writes to extension storage are asynchronous: let the last one land before the panel goes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await panel.close();
    panel = await openPanel(env.session, env.session.page);
    await until('every message in the panel', async () => (await summary().innerText()) === `${TOTAL} messages`);
    await filterBox().focus();
    await filterBox().press('ArrowUp');
    await until('the newest query recalled', async () => (await filterBox().inputValue()) === '-dir:in hello');
    await until('and applied', async () => (await summary().innerText()) === `2 of ${TOTAL} messages`);
    await filterBox().press('ArrowUp');
    await until('the one before it', async () => (await filterBox().inputValue()) === 'conn:/ticks');
    await filterBox().press('ArrowDown');
    await filterBox().press('ArrowDown');
    await until('back to the empty box', async () => (await filterBox().inputValue()) === '');
  });
});
