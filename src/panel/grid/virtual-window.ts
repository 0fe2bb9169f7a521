/**
 * The arithmetic of a virtualized list with fixed-height rows: which rows to render for a scroll
 * position, where to scroll to reveal a row, and whether the user is at the bottom.
 *
 * One scroll pixel is one content pixel, so the list holds up to Chrome's maximum element height
 * (about 33.5 million px, i.e. 1.6 million 20px rows); a bigger count budget (issue 3 makes it
 * settable) would need scaled scrolling.
 */

export const ROW_HEIGHT = 20;

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
