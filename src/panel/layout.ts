/**
 * How the panel arranges itself in the space DevTools gives it: docked at the bottom it is wide
 * and short, docked at the side narrow and tall. Chrome's Network panel stays usable at both by
 * moving its panes around; so does this.
 */
export interface PanelLayout {
  /** Narrow: the connection list is a drawer opened from a button, so the grid keeps the width. */
  sidebar: 'beside' | 'drawer';
  /** Wide and short: the details sit beside the grid, which keeps the height. */
  details: 'below' | 'beside';
  /** Short: the composer is one line until it is focused. */
  compactComposer: boolean;
}

/** Below this width a sidebar would leave the grid too little for its Data column. */
const DRAWER_BELOW_WIDTH = 640;
/** Details beside the grid need this much width to leave both readable... */
const DETAILS_BESIDE_MIN_WIDTH = 900;
/** ...and are worth it below this height, where stacked panes would squeeze the grid. */
const DETAILS_BESIDE_BELOW_HEIGHT = 520;
const COMPACT_COMPOSER_BELOW_HEIGHT = 560;

export function panelLayout(width: number, height: number): PanelLayout {
  return {
    sidebar: width < DRAWER_BELOW_WIDTH ? 'drawer' : 'beside',
    details: width >= DETAILS_BESIDE_MIN_WIDTH && height < DETAILS_BESIDE_BELOW_HEIGHT ? 'beside' : 'below',
    compactComposer: height < COMPACT_COMPOSER_BELOW_HEIGHT,
  };
}
