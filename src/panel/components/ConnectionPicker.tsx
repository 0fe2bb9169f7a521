/**
 * Where the panel is too narrow for a sidebar: one line naming the connection in view, which opens
 * the connection list over the messages.
 */
import { connectionLabel } from '../format/connection-label';
import { usePanelApp } from '../app-context';

interface Props {
  open: boolean;
  onToggle: () => void;
}

export function ConnectionPicker({ open, onToggle }: Props) {
  const { store } = usePanelApp();
  const selected = store.selectedConnId.value;
  const connections = store.connections.value;
  const connection = connections.find((c) => c.id === selected);
  const label = connection ? connectionLabel(connection) : 'All connections';
  return (
    <div class="connection-picker">
      <button type="button" class="connection-picker-button" aria-expanded={open} aria-label={`Connections: ${label}`} onClick={onToggle}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        <span class="connection-picker-label">{label}</span>
        <span class="connection-picker-count">{connections.length}</span>
      </button>
    </div>
  );
}
