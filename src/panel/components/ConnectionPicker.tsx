/**
 * Where the panel is too narrow for a sidebar: one line naming the connection in view, which opens
 * the connection list over the messages.
 */
import { connectionLabel } from '../format/connection-label';
import { usePanelApp } from '../app-context';
import { entryOf, groupConnections, sessionTitle, transportsOf, type SidebarEntry } from '../session/grouping';

const entryLabel = (entry: SidebarEntry): string => {
  const first = transportsOf(entry)[0];
  const where = first ? connectionLabel(first) : '';
  return entry.type === 'session' ? `${sessionTitle(entry.family)} · ${where}` : where;
};

interface Props {
  open: boolean;
  onToggle: () => void;
}

export function ConnectionPicker({ open, onToggle }: Props) {
  const { store, tracker } = usePanelApp();
  void store.revision.value;
  const entries = groupConnections(store.connections.value, (c) => tracker.sessionOf(c.index));
  const entry = entryOf(entries, store.selectedConnId.value);
  const label = entry ? entryLabel(entry) : 'All connections';
  return (
    <div class="connection-picker">
      <button type="button" class="connection-picker-button" aria-expanded={open} aria-label={`Connections: ${label}`} onClick={onToggle}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        <span class="connection-picker-label">{label}</span>
        <span class="connection-picker-count">{entries.length}</span>
      </button>
    </div>
  );
}
