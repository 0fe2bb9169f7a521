/**
 * The arithmetic of a virtualized list with fixed-height rows: which rows to render for a scroll
 * position, where to scroll to reveal a row, and whether the user is at the bottom.
 *
 * Positions are "virtual": row `r` starts at `r * rowHeight`. Browsers cap an element's height
 * (Chrome at about 33.5 million px, Firefox at about 17.9 million), and a million 20px rows
 * already need 20 million; so the scrolled spacer is never taller than MAX_SCROLL_HEIGHT, and
 * above that one scroll pixel stands for several virtual ones (`scrollMap`).
 */

export const ROW_HEIGHT = 20;

/** Well below every browser's cap, so the scrollbar behaves the same everywhere. */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface ScrollMap {
  /** Height of the element that scrolls. */
  spacerHeight: number;
  toVirtual(scrollTop: number): number;
  toScroll(virtualTop: number): number;
}

/** Maps the scroller's scrollTop to a virtual position and back, linearly from top to bottom. */
export function scrollMap(contentHeight: number, viewportHeight: number, maxScrollHeight = MAX_SCROLL_HEIGHT): ScrollMap {
  if (contentHeight <= maxScrollHeight) {
    return { spacerHeight: contentHeight, toVirtual: (top) => top, toScroll: (top) => top };
  }
  const scrollRange = Math.max(1, maxScrollHeight - viewportHeight);
  const virtualRange = Math.max(1, contentHeight - viewportHeight);
  const ratio = virtualRange / scrollRange;
  return {
    spacerHeight: maxScrollHeight,
    toVirtual: (top) => Math.min(virtualRange, top * ratio),
    toScroll: (top) => Math.min(scrollRange, top / ratio),
  };
}

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Extra rows rendered above and below, so fast scrolling shows no blank band. */
  overscan: number;
}

/** Rows `[first, end)` to render. */
export function visibleRows({ scrollTop, viewportHeight, rowHeight, rowCount, overscan }: WindowInput): {
  first: number;
  end: number;
} {
  const top = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const bottom = Math.ceil((Math.max(0, scrollTop) + viewportHeight) / rowHeight);
  return { first: Math.max(0, top - overscan), end: Math.min(rowCount, bottom + overscan) };
}

/** The scrollTop that brings `row` fully into view while moving as little as possible. */
export function scrollTopToReveal(row: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const rowTop = row * rowHeight;
  if (rowTop < scrollTop) return rowTop;
  const rowBottom = rowTop + rowHeight;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return scrollTop;
}

/** Within half a row of the end counts as the bottom (zoom makes scrollTop fractional). */
export function isAtBottom(scrollTop: number, viewportHeight: number, contentHeight: number, rowHeight: number): boolean {
  return scrollTop + viewportHeight >= contentHeight - rowHeight / 2;
}
