/** One connection in the sidebar: kind, where it goes, its state and its traffic. */
import type { ConnId } from '../../shared/protocol';
import { connectionLabel, connectionTitle, kindBadge, stateLabel } from '../format/connection-label';
import { formatBytes } from '../format/size';
import type { Connection } from '../store/connection';

/** Connection ids are page-made strings; DOM ids use the store's small index instead. */
export const connectionOptionId = (c: Pick<Connection, 'index'>): string => `connection-${c.index}`;

interface Props {
  connection: Connection;
  selected: boolean;
  onSelect: (id: ConnId) => void;
}

export function ConnectionItem({ connection: c, selected, onSelect }: Props) {
  return (
    <div
      id={connectionOptionId(c)}
      class="connection"
      role="option"
      aria-selected={selected}
      title={connectionTitle(c)}
      onClick={() => onSelect(c.id)}
    >
      <div class="connection-line">
        <span class={`badge badge-${c.kind}`}>{kindBadge(c.kind)}</span>
        <span class="connection-url">{connectionLabel(c)}</span>
      </div>
      <div class="connection-line connection-stats">
        <span class={`connection-state state-${c.state.phase}`}>{stateLabel(c.state)}</span>
        <span class="traffic">
          <span title="Sent">
            ↑{c.messagesOut} · {formatBytes(c.bytesOut)}
          </span>
          <span title="Received">
            ↓{c.messagesIn} · {formatBytes(c.bytesIn)}
          </span>
        </span>
      </div>
    </div>
  );
}
