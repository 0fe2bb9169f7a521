/**
 * The panel at the sizes DevTools gives it: docked at the bottom (wide and short), at the side
 * (narrow and tall), and in a big window. The grid keeps at least five rows with their Data
 * cells, and every main control is on screen or one step away (the toolbar's », the composer
 * opened, the connection drawer).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openPanel, until, useEnvironment } from './harness';
import { grid } from './panel-view';

const env = useEnvironment();

const SIZES = [
  { width: 1280, height: 260 },
  { width: 420, height: 720 },
  { width: 560, height: 720 },
  { width: 1280, height: 800 },
];

/** Fully inside the panel's viewport, and not hidden. */
async function onScreen(panel: Page, target: Locator): Promise<boolean> {
  if (!(await target.isVisible())) return false;
  const box = await target.boundingBox();
  const viewport = panel.viewportSize();
  if (!box || !viewport) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
}

/** The rows shown whole in the grid's scroller, with the width of their Data cell. */
function visibleRows(panel: Page): Promise<{ rows: number; dataWidths: number[] }> {
  return grid(panel).evaluate((el) => {
    // The grid is its own scroller; the header row sits above it.
    const scroller = el.getBoundingClientRect();
    const rows = [...el.querySelectorAll('[role="row"]')].filter((row) => {
      const r = row.getBoundingClientRect();
      return r.top >= scroller.top - 0.5 && r.bottom <= Math.min(scroller.bottom, window.innerHeight) + 0.5;
    });
    const dataWidths = rows.map((row) => {
      const cell = row.querySelector('.cell-data')!.getBoundingClientRect();
      return Math.min(cell.right, window.innerWidth) - cell.left;
    });
    return { rows: rows.length, dataWidths };
  });
}

describe('layout at every DevTools size', () => {
  let panel: Page;

  beforeAll(async () => {
    env.server.addPage(
      '/layout.html',
      `<!doctype html><meta charset="utf-8"><script>
        window.ws = new WebSocket('${env.server.wsOrigin}/ws/echo', ['chat']);
        ws.onopen = () => { for (let i = 0; i < 30; i++) ws.send(JSON.stringify({ type: 'order', id: i, side: 'buy', symbol: 'ACME' })); };
      </script>`,
    );
    await env.session.page.goto(`${env.server.origin}/layout.html`);
    panel = await openPanel(env.session, env.session.page);
    await until('the echoes', async () => Number(await grid(panel).getAttribute('aria-rowcount')) >= 61);
  });

  for (const size of SIZES) {
    it(`keeps the grid and every main control usable at ${size.width} × ${size.height}`, async () => {
      await panel.setViewportSize(size);
      const sidebar = size.width < 640 ? 'drawer' : 'beside';
      await until('the layout for this size', () => panel.evaluate((s) => document.querySelector(`.panel[data-sidebar="${s}"]`) !== null, sidebar));
      // The connection drawer, when there is one, is how a narrow panel selects a connection.
      const picker = panel.getByRole('button', { name: /^Connections:/ });
      const options = panel.getByRole('listbox', { name: 'Connections' }).getByRole('option', { name: /ws\/echo/ });
      if (await picker.isVisible()) await picker.click();
      await options.click();
      await until('the drawer closed or the sidebar shown', async () => !(await picker.isVisible()) || (await picker.getAttribute('aria-expanded')) === 'false');
      await grid(panel).getByRole('row').filter({ hasText: '"order"' }).last().click();

      const { rows, dataWidths } = await visibleRows(panel);
      expect(rows).toBeGreaterThanOrEqual(5);
      expect(Math.min(...dataWidths)).toBeGreaterThanOrEqual(100);

      const byRole = (role: Parameters<Page['getByRole']>[0], name: string) => panel.getByRole(role, { name, exact: true });
      const moreTools = byRole('button', 'More tools');
      const openComposer = byRole('button', 'Open composer');
      const controls: Locator[] = [
        byRole('button', 'Pause capture'),
        byRole('button', 'Clear'),
        byRole('button', 'Preserve log'),
        byRole('button', 'Relative time'),
        byRole('button', 'Settings'),
        byRole('button', 'Details'),
        byRole('button', 'Import'),
        byRole('button', 'Export'),
        byRole('combobox', 'Protocol'),
        byRole('searchbox', 'Filter'),
        byRole('button', 'Filter help'),
        byRole('combobox', 'Direction'),
        byRole('combobox', 'Type'),
        byRole('checkbox', 'Invert'),
        byRole('checkbox', 'Hide heartbeats'),
        byRole('button', 'Columns'),
        byRole('button', 'Time format'),
        byRole('combobox', 'Format'),
        byRole('combobox', 'Snippets'),
        byRole('textbox', 'Message'),
        byRole('button', 'Send'),
        byRole('button', 'Inject'),
        byRole('textbox', 'Close code'),
        byRole('textbox', 'Close reason'),
        byRole('button', 'Close connection'),
        byRole('button', 'Save snippet'),
        byRole('region', 'Message details'),
      ];
      for (const control of controls) {
        if (await onScreen(panel, control)) continue;
        // One step away: the toolbar's fold, or the composer opened.
        if (await moreTools.isVisible()) {
          await moreTools.click();
          if (await onScreen(panel, control)) {
            await panel.keyboard.press('Escape');
            continue;
          }
          await panel.keyboard.press('Escape');
        }
        if (await openComposer.isVisible()) await openComposer.click();
        expect(await onScreen(panel, control), `${control} at ${size.width} × ${size.height}`).toBe(true);
      }
    });
  }

  it('remembers a pane size the user set and a hidden details pane, across reopening the panel', async () => {
    await panel.setViewportSize({ width: 1280, height: 800 });
    const separator = panel.getByRole('separator', { name: 'Resize details' });
    await separator.focus();
    for (let i = 0; i < 3; i++) await panel.keyboard.press('ArrowUp');
    const size = await separator.getAttribute('aria-valuenow');
    expect(Number(size)).toBeGreaterThan(60);
    await panel.getByRole('button', { name: 'Details', exact: true }).click();
    await until('the details pane gone', async () => (await panel.getByRole('region', { name: 'Message details' }).count()) === 0);

    await panel.close();
    panel = await openPanel(env.session, env.session.page);
    await until('the grid', async () => Number(await grid(panel).getAttribute('aria-rowcount')) >= 61);
    expect(await panel.getByRole('region', { name: 'Message details' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Details', exact: true }).getAttribute('aria-pressed')).toBe('false');
    await panel.getByRole('button', { name: 'Details', exact: true }).click();
    await panel.getByRole('region', { name: 'Message details' }).waitFor();
    const restored = await panel.evaluate(() => document.documentElement.style.getPropertyValue('--details-height'));
    expect(restored).toBe(`${size}px`);
    await panel.evaluate(() => chrome.storage.local.remove('frametap:panel-layout'));
  });
});
