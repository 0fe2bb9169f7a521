/**
 * Hide heartbeats in a real browser: the demo page's Socket.IO chat against a demo server whose
 * Engine.IO pings come every 200 ms instead of every 25 s, so that a test sees many of them. The
 * pings and pongs hide and come back with the checkbox, the chat stays, and the choice outlives
 * the panel.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../server/demo-server';
import { chatInKitchen } from '../fixtures/demo-chat';
import { openPanel, until, useEnvironment } from './harness';
import { grid } from './panel-view';

const PING_INTERVAL_MS = 200;

const env = useEnvironment();
let quick: DemoServer | undefined;
let panel: Page;

beforeAll(async () => {
  quick = await startDemoServer({ socketIo: { pingInterval: PING_INTERVAL_MS } });
  const page = env.session.page;
  await page.goto(`${quick.origin}/`);
  await chatInKitchen(page);
  panel = await openPanel(env.session, page);
});

afterAll(async () => {
  await quick?.close();
});

/** The rows on screen, each as the texts of its cells. */
function rowCells(): Promise<string[][]> {
  return grid(panel)
    .getByRole('row')
    .evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('[role="gridcell"]'), (cell) => cell.textContent ?? '')));
}

/** A ping or pong row: the frame `2` or `3`, decoded as such. */
const isHeartbeatRow = (cells: readonly string[]): boolean =>
  (cells.includes('2') && cells.includes('ping')) || (cells.includes('3') && cells.includes('pong'));
const isChatRow = (cells: readonly string[]): boolean => cells.some((cell) => /^EVENT chat:message \/chat/.test(cell));

/** The rows on screen, once `ready` accepts them. */
function rowsWhen(what: string, ready: (rows: string[][]) => boolean): Promise<string[][]> {
  return until(what, async () => {
    const rows = await rowCells();
    return ready(rows) ? rows : undefined;
  });
}

const hideHeartbeats = (): Locator => panel.getByRole('checkbox', { name: 'Hide heartbeats' });

describe('Hide heartbeats', () => {
  it('shows Engine.IO pings and pongs until asked, then hides them and keeps the chat', async () => {
    await expect(hideHeartbeats().isChecked()).resolves.toBe(false);
    const rows = await rowsWhen('pings and pongs beside the chat', (r) =>
      r.filter((cells) => cells.includes('ping')).length >= 2 && r.filter((cells) => cells.includes('pong')).length >= 2 && r.some(isChatRow),
    );
    expect(rows.some(isHeartbeatRow)).toBe(true);

    await hideHeartbeats().check();
    const hidden = await rowsWhen('the chat without heartbeats', (r) => r.some(isChatRow) && !r.some(isHeartbeatRow));
    expect(hidden.some((cells) => cells.some((cell) => /^ACK \/chat ack \d+/.test(cell)))).toBe(true);
    expect(hidden.some((cells) => cells.some((cell) => cell.startsWith('CONNECT /chat')))).toBe(true);
    // Pings keep coming every 200 ms: none of them gets in while the box is checked.
    await new Promise((resolve) => setTimeout(resolve, 4 * PING_INTERVAL_MS));
    expect((await rowCells()).some(isHeartbeatRow)).toBe(false);

    await hideHeartbeats().uncheck();
    await rowsWhen('the heartbeats back', (r) => r.some(isHeartbeatRow));
  });

  it('remembers the choice when the panel is opened again', async () => {
    await hideHeartbeats().check();
    await panel.close();
    panel = await openPanel(env.session, env.session.page);
    await until('Hide heartbeats checked again', () => hideHeartbeats().isChecked());
    const rows = await rowsWhen('the replayed chat without heartbeats', (r) => r.some(isChatRow));
    expect(rows.some(isHeartbeatRow)).toBe(false);
  });
});
