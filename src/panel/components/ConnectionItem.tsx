/** One connection in the sidebar: kind, where it goes, its state and its traffic. */
import type { ConnId } from '../../shared/protocol';
import { usePanelApp } from '../app-context';
import { connectionLabel, connectionTitle, kindBadge, stateLabel } from '../format/connection-label';
import { formatBytes } from '../format/size';
import { formatClock, formatDuration, formatExactTime } from '../format/time';
import { formatCount, plural } from '../format/count';
import { expectedMessages, type Connection } from '../store/connection';

/** Connection ids are page-made strings; DOM ids use the store's small index instead. */
export const connectionOptionId = (c: Pick<Connection, 'index'>): string => `connection-${c.index}`;

const trafficTitle = (what: string, messages: number, bytes: number): string => `${what}: ${plural(messages, 'message')}, ${plural(bytes, 'byte')}`;

interface Props {
  connection: Connection;
  selected: boolean;
  onSelect: (id: ConnId) => void;
  /** Epoch ms, for the age of live connections. */
  now: number;
  /** Its messages the panel holds now. */
  kept: number;
}

export function ConnectionItem({ connection: c, selected, onSelect, now, kept }: Props) {
  const duration = (c.endTime ?? now) - c.startTime;
  const expected = expectedMessages(c);
  const importedFrom = usePanelApp().imports.sources.value.get(c.id);
  return (
    <div
      id={connectionOptionId(c)}
      class={c.previousPage ? 'connection previous-page' : 'connection'}
      role="option"
      aria-selected={selected}
      title={connectionTitle(c)}
      onClick={() => onSelect(c.id)}
    >
      <div class="connection-line">
        <span class={`badge badge-${c.kind}`}>{kindBadge(c)}</span>
        <span class="connection-url">{connectionLabel(c)}</span>
      </div>
      <div class="connection-line connection-stats">
        <span class={`connection-state state-${c.state.phase}`}>
          {importedFrom !== undefined ? `imported: ${importedFrom}` : c.previousPage ? 'previous page' : stateLabel(c.state)}
        </span>
        <span class="traffic">
          <span title={trafficTitle('Sent', c.messagesOut, c.bytesOut)}>
            ↑{formatCount(c.messagesOut)} · {formatBytes(c.bytesOut)}
          </span>
          <span title={trafficTitle('Received', c.messagesIn, c.bytesIn)}>
            ↓{formatCount(c.messagesIn)} · {formatBytes(c.bytesIn)}
          </span>
        </span>
      </div>
      <div class="connection-line connection-stats">
        <span title={formatExactTime(c.startTime)}>started {formatClock(c.startTime)}</span>
        {!c.previousPage && <span title={c.endTime === null ? 'Open for' : 'Lasted'}>{formatDuration(duration)}</span>}
      </div>
      {kept < expected && (
        <div
          class="connection-line connection-stats connection-kept"
          title="Frametap's budgets keep each connection's newest messages and give up the oldest of the connection holding the most; the totals above count every message."
        >
          {formatCount(kept)} of {formatCount(expected)} kept
        </div>
      )}
    </div>
  );
}
