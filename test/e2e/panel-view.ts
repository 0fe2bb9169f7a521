/**
 * The panel's main regions, found the way a user with a screen reader finds them: by role and
 * accessible name.
 */
import type { Locator, Page } from 'playwright-core';

export const grid = (panel: Page): Locator => panel.getByRole('grid', { name: 'Messages' });
export const rowTexts = (panel: Page): Promise<string[]> => grid(panel).getByRole('row').allInnerTexts();
/** Every row the grid holds, on screen or not (it is virtual). */
export const rowCount = async (panel: Page): Promise<number> => Number(await grid(panel).getAttribute('aria-rowcount'));
export const connections = (panel: Page): Locator => panel.getByRole('listbox', { name: 'Connections' });
export const details = (panel: Page): Locator => panel.getByRole('region', { name: 'Message details' });

/** The exact totals a connection item states on hover: [sent, received]. */
export const connectionTotals = (panel: Page, name: RegExp): Promise<string[]> =>
  connections(panel).getByRole('option', { name }).locator('.traffic span').evaluateAll((spans) => spans.map((s) => s.getAttribute('title') ?? ''));
