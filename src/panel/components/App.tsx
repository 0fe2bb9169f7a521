/**
 * The panel's layout: toolbar and filter on top, connections on the left, messages and details on
 * the right; rearranged for the space DevTools gives it (layout.ts).
 */
import { useState } from 'preact/hooks';
import { Composer } from '../composer/Composer';
import { panelLayout } from '../layout';
import { PausedBar } from '../rules/PausedBar';
import { RulesPane } from '../rules/RulesPane';
import { ConnectionList } from './ConnectionList';
import { ConnectionPicker } from './ConnectionPicker';
import { DetailsPane } from './DetailsPane';
import { FilterBar } from './FilterBar';
import { MessageGrid } from './MessageGrid';
import { Splitter } from './Splitter';
import { Toolbar } from './Toolbar';
import { usePaneLayout } from './usePaneLayout';
import { useWindowSize } from './useWindowSize';

export function App() {
  const { width, height } = useWindowSize();
  const panes = usePaneLayout();
  const layout = panelLayout(width, height);
  const drawer = layout.sidebar === 'drawer';
  const [drawerOpen, setDrawerOpen] = useState(false);
  // The Rules pane takes the details pane's place while it is open.
  const [rulesShown, setRulesShown] = useState(false);
  const sidePane = rulesShown || panes.detailsShown;
  const detailsBeside = layout.details === 'beside';
  const detailsSize = detailsBeside ? '--details-width' : '--details-height';
  return (
    <div class="panel" data-sidebar={layout.sidebar} data-details={layout.details}>
      <Toolbar
        details={{ shown: panes.detailsShown, toggle: () => panes.setDetailsShown(!panes.detailsShown) }}
        rules={{ shown: rulesShown, toggle: () => setRulesShown(!rulesShown) }}
      />
      <FilterBar />
      {drawer && <ConnectionPicker open={drawerOpen} onToggle={() => setDrawerOpen(!drawerOpen)} />}
      <div class="panel-body">
        {(!drawer || drawerOpen) && <ConnectionList onChosen={drawer ? () => setDrawerOpen(false) : undefined} />}
        {!drawer && (
          <Splitter
            label="Resize connections"
            orientation="vertical"
            property="--sidebar-width"
            pane=".sidebar"
            min={120}
            max={600}
            onResized={(size) => panes.rememberSize('--sidebar-width', size)}
          />
        )}
        <div class="messages-area">
          <div class="messages-main">
            <MessageGrid />
            <PausedBar />
            <Composer compact={layout.compactComposer} />
          </div>
          {sidePane && (
            <>
              <Splitter
                // A new splitter when the details move: its size is of the other dimension.
                key={detailsSize}
                label="Resize details"
                orientation={detailsBeside ? 'vertical' : 'horizontal'}
                property={detailsSize}
                pane=".details"
                paneAfter
                min={detailsBeside ? 200 : 60}
                max={2000}
                onResized={(size) => panes.rememberSize(detailsSize, size)}
              />
              {rulesShown ? <RulesPane onClose={() => setRulesShown(false)} /> : <DetailsPane />}
            </>
          )}
        </div>
      </div>
    </div>
  );
}
