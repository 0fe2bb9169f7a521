/** The panel's layout: toolbar on top, connections on the left, messages and details on the right. */
import type { ReadonlySignal } from '@preact/signals';
import { Composer } from '../composer/Composer';
import { ProtocolContext, protocolFeaturesOf } from '../protocol/features';
import type { Store } from '../store/store';
import type { LinkStatus } from '../transport';
import { ConnectionList } from './ConnectionList';
import { DetailsPane } from './DetailsPane';
import { FilterBar } from './FilterBar';
import { MessageGrid } from './MessageGrid';
import { Splitter } from './Splitter';
import { Toolbar } from './Toolbar';

interface Props {
  store: Store;
  link: ReadonlySignal<LinkStatus>;
  /** Applies the events that arrived but wait for the store's next paced update (paced-ingest.ts). */
  applyPending: () => void;
}

export function App({ store, link, applyPending }: Props) {
  return (
    <ProtocolContext.Provider value={protocolFeaturesOf(store)}>
      <div class="panel">
        <Toolbar store={store} link={link} applyPending={applyPending} />
        <FilterBar store={store} />
        <div class="panel-body">
          <ConnectionList store={store} />
          <Splitter label="Resize connections" orientation="vertical" property="--sidebar-width" pane=".sidebar" min={120} max={600} />
          <div class="messages-area">
            <MessageGrid store={store} />
            <Composer store={store} />
            <Splitter label="Resize details" orientation="horizontal" property="--details-height" pane=".details" paneAfter min={60} max={2000} />
            <DetailsPane store={store} />
          </div>
        </div>
      </div>
    </ProtocolContext.Provider>
  );
}
