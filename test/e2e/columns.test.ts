/**
 * The grid's columns in a real browser: hidden and shown from the header's menu (remembered when
 * the panel is opened again), sorted by size and direction and back to arrival order, resized
 * from the keyboard, and the four time formats.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPanel, until, useEnvironment } from './harness';
import { connections, grid } from './panel-view';

const env = useEnvironment();
let panel: Page;

/** Echoed, each message shows twice: sent and received. */
const MESSAGES = ['ccc', 'a', 'bbbbb', 'dd'];

beforeAll(async () => {
  env.server.addPage(
    '/columns.html',
    `<!doctype html><script>
      window.echoes = 0;
      const messages = ${JSON.stringify(MESSAGES)};
      const ws = new WebSocket('${env.server.wsOrigin}/ws/echo');
      // One at a time: each message, then its echo, in a known order.
      ws.onopen = () => ws.send(messages[0]);
      ws.onmessage = () => {
        window.echoes++;
        if (window.echoes < messages.length) ws.send(messages[window.echoes]);
      };
    </script>`,
  );
  const page = env.session.page;
  await page.goto(`${env.server.origin}/columns.html`);
  await until('the echoes', () => page.evaluate((count) => (window as unknown as { echoes: number }).echoes >= count, MESSAGES.length));
  panel = await openPanel(env.session, page);
  await showEcho();
});

afterAll(async () => {
  await panel?.close();
});

async function showEcho(): Promise<void> {
  await connections(panel).getByRole('option', { name: /ws\/echo/ }).click();
  await until('every echo row', async () => (await cellTexts('data')).filter((t) => MESSAGES.includes(t)).length === 2 * MESSAGES.length);
}

/** One column's cell texts, row by row (the grid is virtual: its rows' elements are not in row order). */
function cellTexts(column: string): Promise<string[]> {
  return grid(panel)
    .getByRole('row')
    .evaluateAll(
      (rows, column) =>
        rows
          .map((row) => [Number(row.getAttribute('aria-rowindex')), row.querySelector(`.cell-${column}`)?.textContent ?? null] as const)
          .sort(([a], [b]) => a - b)
          .map(([, text]) => text ?? '(none)'),
      column,
    );
}

const dataRows = async (): Promise<string[]> => (await cellTexts('data')).filter((t) => MESSAGES.includes(t));
const header = (name: string): Locator => panel.getByRole('columnheader', { name, exact: true });
const menuItem = (name: string): Locator => panel.getByRole('menu', { name: 'Columns' }).getByRole('menuitemcheckbox', { name, exact: true });
const widthOf = (locator: Locator): Promise<number> => locator.evaluate((el) => el.getBoundingClientRect().width);

describe('choosing columns', () => {
  it('hides a column from the Columns button and shows it again from a right-click on the header', async () => {
    await panel.getByRole('button', { name: 'Columns', exact: true }).click();
    await expect(menuItem('Size').getAttribute('aria-checked')).resolves.toBe('true');
    await expect(menuItem('Data').isDisabled()).resolves.toBe(true);
    await menuItem('Size').click();
    await until('Size unchecked', async () => (await menuItem('Size').getAttribute('aria-checked')) === 'false');
    await panel.keyboard.press('Escape');
    await until('the menu closed', async () => (await panel.getByRole('menu').count()) === 0);
    expect(await header('Size').count()).toBe(0);
    expect((await cellTexts('size')).every((t) => t === '(none)')).toBe(true);

    // Opened again, the panel remembers.
    await panel.close();
    panel = await openPanel(env.session, env.session.page);
    await showEcho();
    await until('Time shown, Size still hidden', async () => (await header('Time').count()) === 1 && (await cellTexts('size')).every((t) => t === '(none)'));
    expect(await header('Size').count()).toBe(0);

    await header('Time').click({ button: 'right' });
    await menuItem('Size').click();
    await until('Size back', async () => (await header('Size').count()) === 1);
    expect((await cellTexts('size')).filter((t) => t.endsWith(' B'))).toHaveLength(2 * MESSAGES.length);
    await panel.keyboard.press('Escape');
  });
});

describe('sorting', () => {
  const bySize = ['a', 'a', 'dd', 'dd', 'ccc', 'ccc', 'bbbbb', 'bbbbb'];
  const arrival = MESSAGES.flatMap((m) => [m, m]);

  it('sorts by size ascending, descending, then back to arrival order', async () => {
    const sizeButton = header('Size').getByRole('button', { name: 'Size' });
    expect(await dataRows()).toEqual(arrival);
    await sizeButton.click();
    await until('ascending by size', async () => JSON.stringify(await dataRows()) === JSON.stringify(bySize));
    await expect(header('Size').getAttribute('aria-sort')).resolves.toBe('ascending');
    await expect(header('Size').innerText()).resolves.toContain('▲');

    await sizeButton.click();
    await until('descending by size', async () => JSON.stringify(await dataRows()) === JSON.stringify([...bySize].reverse()));
    await expect(header('Size').getAttribute('aria-sort')).resolves.toBe('descending');

    await sizeButton.click();
    await until('arrival order', async () => JSON.stringify(await dataRows()) === JSON.stringify(arrival));
    await expect(header('Size').getAttribute('aria-sort')).resolves.toBeNull();
  });

  it('sorts by direction, and the keyboard walks the sorted rows', async () => {
    await panel.getByRole('button', { name: 'Direction', exact: true }).click();
    await until('sent first', async () => {
      const dirs = (await cellTexts('dir')).filter((t) => t === '↑' || t === '↓');
      return dirs.join('') === '↑'.repeat(MESSAGES.length) + '↓'.repeat(MESSAGES.length);
    });
    expect(await dataRows()).toEqual([...MESSAGES, ...MESSAGES]);
    await grid(panel).focus();
    await panel.keyboard.press('Home');
    const selectedData = () => grid(panel).locator('[role="row"][aria-selected="true"] .cell-data').textContent();
    await until('the first sent message selected', async () => (await selectedData()) === MESSAGES[0]);
    await panel.keyboard.press('ArrowDown');
    await until('the next sent one', async () => (await selectedData()) === MESSAGES[1]);
    // Ascending, descending, arrival order.
    await panel.getByRole('button', { name: 'Direction', exact: true }).click();
    await panel.getByRole('button', { name: 'Direction', exact: true }).click();
    await until('arrival order', async () => JSON.stringify(await dataRows()) === JSON.stringify(arrival));
  });
});

describe('resizing columns', () => {
  it('widens a column from the keyboard, rows alike, and remembers it', async () => {
    const handle = panel.getByRole('separator', { name: 'Resize Type column' });
    const before = await widthOf(header('Type'));
    await handle.focus();
    await panel.keyboard.press('ArrowRight');
    await panel.keyboard.press('ArrowRight');
    await until('the Type column wider', async () => (await widthOf(header('Type'))) === before + 32);
    const rowCell = grid(panel).getByRole('row').first().locator('.cell-type');
    expect(await widthOf(rowCell)).toBe(before + 32);

    await panel.close();
    panel = await openPanel(env.session, env.session.page);
    await showEcho();
    await until('the width remembered', async () => (await widthOf(header('Type'))) === before + 32);
    await panel.getByRole('separator', { name: 'Resize Type column' }).focus();
    await panel.keyboard.press('ArrowLeft');
    await panel.keyboard.press('ArrowLeft');
    await until('the Type column as before', async () => (await widthOf(header('Type'))) === before);
  });

  it('widens a column by dragging its right edge', async () => {
    const before = await widthOf(header('Size'));
    const edge = await panel.getByRole('separator', { name: 'Resize Size column' }).boundingBox();
    if (!edge) throw new Error('no Size column edge');
    const y = edge.y + edge.height / 2;
    await panel.mouse.move(edge.x + edge.width / 2, y);
    await panel.mouse.down();
    await panel.mouse.move(edge.x + edge.width / 2 + 20, y, { steps: 4 });
    await panel.mouse.move(edge.x + edge.width / 2 + 40, y, { steps: 4 });
    await panel.mouse.up();
    await until('the Size column wider', async () => (await widthOf(header('Size'))) === before + 40);
    expect(await widthOf(grid(panel).getByRole('row').first().locator('.cell-size'))).toBe(before + 40);
    // Sorting is a click on the header, not on its edge.
    await expect(header('Size').getAttribute('aria-sort')).resolves.toBeNull();
  });
});

describe('time formats', () => {
  async function chooseTimeFormat(name: string): Promise<void> {
    await panel.getByRole('button', { name: 'Time format' }).click();
    await panel.getByRole('menu', { name: 'Time format' }).getByRole('menuitemradio', { name, exact: true }).click();
    await until('the menu closed', async () => (await panel.getByRole('menu').count()) === 0);
  }
  /** The time cells of the message rows (the first row is the connection's open). */
  const times = async (): Promise<string[]> => (await cellTexts('time')).slice(0, 1 + 2 * MESSAGES.length);

  it('shows the clock, the clock to the µs, the time since the connection started and since the previous message', async () => {
    await chooseTimeFormat('Clock (µs)');
    await until('microseconds', async () => (await times()).every((t) => /^\d\d:\d\d:\d\d\.\d{6}$/.test(t)));
    const micros = await times();

    await chooseTimeFormat('Since connection start');
    await until('since the start', async () => (await times()).every((t) => /^\+\d+\.\d{3} s$/.test(t)));
    // The toolbar's Relative time is the same choice.
    await expect(panel.getByRole('button', { name: 'Relative time' }).getAttribute('aria-pressed')).resolves.toBe('true');

    await chooseTimeFormat('Since previous message');
    // `+12.345 ms`, or in seconds from one second on (a slow machine may pause that long).
    const delta = /^\+(\d+\.\d{3}) (ms|s)$/;
    await until('deltas', async () => (await times()).slice(1).every((t) => delta.test(t)));
    const deltas = await times();
    expect(deltas[0]).toBe('—');
    const seconds = (clock: string): number => {
      const [h, m, s] = clock.split(':').map(Number);
      return h! * 3600 + m! * 60 + s!;
    };
    for (let row = 1; row < deltas.length; row++) {
      const expected = (seconds(micros[row]!) - seconds(micros[row - 1]!)) * 1000;
      const [, value, unit] = delta.exec(deltas[row]!)!;
      expect(Math.abs(Number(value) * (unit === 's' ? 1000 : 1) - expected)).toBeLessThan(unit === 's' ? 1 : 0.01);
    }
    await expect(panel.getByRole('button', { name: 'Relative time' }).getAttribute('aria-pressed')).resolves.toBe('false');

    await chooseTimeFormat('Clock');
    await until('the clock', async () => (await times()).every((t) => /^\d\d:\d\d:\d\d\.\d{3}$/.test(t)));
    await panel.getByRole('button', { name: 'Relative time' }).click();
    await until('the toolbar toggle shows time since the start', async () => (await times()).every((t) => /^\+\d+\.\d{3} s$/.test(t)));
    await panel.getByRole('button', { name: 'Relative time' }).click();
  });
});
