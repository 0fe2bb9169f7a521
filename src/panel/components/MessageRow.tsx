/** One rendered grid row. Rendered only while on screen; it holds nothing of its own. */
import { connectionLabel, connectionTitle } from '../format/connection-label';
import { directionCell, rowPreview, typeLabel } from '../format/row-cells';
import { formatBytes } from '../format/size';
import { formatClock } from '../format/time';
import type { Connection } from '../store/connection';
import type { LogEntry } from '../store/message-log';
import { ROW_HEIGHT } from '../grid/virtual-window';

export const messageRowId = (id: number): string => `message-${id}`;

interface Props {
  id: number;
  row: number;
  entry: LogEntry;
  /** The connection column is shown only in the all-connections view. */
  showConnection: boolean;
  connection: Connection | undefined;
  selected: boolean;
}

function rowClass(e: LogEntry, selected: boolean): string {
  const classes = ['row', e.kind === 'frame' ? `row-${e.dir}` : `row-lifecycle row-${e.kind}`];
  if (e.via !== 'page') classes.push('row-synthetic');
  if (selected) classes.push('selected');
  return classes.join(' ');
}

export function MessageRow({ id, row, entry, showConnection, connection, selected }: Props) {
  const direction = directionCell(entry);
  return (
    <div
      id={messageRowId(id)}
      class={rowClass(entry, selected)}
      role="row"
      aria-rowindex={row + 1}
      aria-selected={selected}
      data-id={id}
      style={{ top: `${row * ROW_HEIGHT}px` }}
    >
      <div class="cell cell-dir" role="gridcell" title={direction.label}>
        {direction.symbol}
      </div>
      <div class="cell cell-time" role="gridcell">
        {formatClock(entry.time)}
      </div>
      {showConnection && (
        <div class="cell cell-conn" role="gridcell" title={connection ? connectionTitle(connection) : undefined}>
          {connection ? connectionLabel(connection) : ''}
        </div>
      )}
      <div class="cell cell-type" role="gridcell">
        {typeLabel(entry)}
      </div>
      <div class="cell cell-size" role="gridcell">
        {entry.kind === 'frame' ? formatBytes(entry.size) : ''}
      </div>
      <div class="cell cell-data" role="gridcell">
        {rowPreview(entry)}
      </div>
    </div>
  );
}
