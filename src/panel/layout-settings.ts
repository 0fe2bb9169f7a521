/**
 * The pane sizes the user dragged to, and whether the details pane is shown, kept across panel
 * reloads in the panel's storage. Read back untrusted: each value is checked.
 */
import type { KeyValueStorage } from './storage';

const LAYOUT_KEY = 'frametap:panel-layout';

/** The CSS custom properties the splitters set, in px (panel.css reads them). */
const PANE_SIZE_PROPERTIES = ['--sidebar-width', '--details-height', '--details-width'] as const;
export type PaneSizeProperty = (typeof PANE_SIZE_PROPERTIES)[number];

export interface LayoutSettings {
  sizes: Partial<Record<PaneSizeProperty, number>>;
  detailsShown: boolean;
}

export const DEFAULT_LAYOUT: LayoutSettings = { sizes: {}, detailsShown: true };

const isPaneSize = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 40 && x <= 10_000;

export function parseLayout(stored: unknown): LayoutSettings {
  if (typeof stored !== 'object' || stored === null) return DEFAULT_LAYOUT;
  const { sizes, detailsShown } = stored as { sizes?: unknown; detailsShown?: unknown };
  const valid: LayoutSettings['sizes'] = {};
  if (typeof sizes === 'object' && sizes !== null) {
    for (const property of PANE_SIZE_PROPERTIES) {
      const size = (sizes as Record<string, unknown>)[property];
      if (isPaneSize(size)) valid[property] = Math.round(size);
    }
  }
  return { sizes: valid, detailsShown: detailsShown !== false };
}

export async function readLayout(storage: KeyValueStorage): Promise<LayoutSettings> {
  return parseLayout(await storage.get(LAYOUT_KEY));
}

export function writeLayout(storage: KeyValueStorage, layout: LayoutSettings): Promise<void> {
  return storage.set(LAYOUT_KEY, layout);
}
