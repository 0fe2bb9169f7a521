/** The panel's layout: toolbar on top, connections on the left, messages and details on the right. */
import type { ReadonlySignal } from '@preact/signals';
import type { Store } from '../store/store';
import type { LinkStatus } from '../transport';
import { ConnectionList } from './ConnectionList';
import { DetailsPane } from './DetailsPane';
import { MessageGrid } from './MessageGrid';
import { Toolbar } from './Toolbar';

export function App({ store, link }: { store: Store; link: ReadonlySignal<LinkStatus> }) {
  return (
    <div class="panel">
      <Toolbar store={store} link={link} />
      <div class="panel-body">
        <ConnectionList store={store} />
        <div class="messages-area">
          <MessageGrid store={store} />
          <DetailsPane store={store} />
        </div>
      </div>
    </div>
  );
}
