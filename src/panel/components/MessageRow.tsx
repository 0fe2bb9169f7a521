/** One rendered grid row. Rendered only while on screen; it holds nothing of its own. */
import type { GridColumn, RowContext } from '../grid/columns';
import type { LogEntry } from '../store/message-log';

export const messageRowId = (id: number): string => `message-${id}`;

interface Props {
  id: number;
  row: number;
  /** Offset from the top of the scrolled spacer, in px. */
  top: number;
  entry: LogEntry;
  columns: readonly GridColumn[];
  context: RowContext;
  selected: boolean;
}

function rowClass(e: LogEntry, selected: boolean): string {
  const classes = ['row', e.kind === 'frame' ? `row-${e.dir}` : `row-lifecycle row-${e.kind}`];
  if (e.via !== 'page') classes.push('row-synthetic');
  if (selected) classes.push('selected');
  return classes.join(' ');
}

export function MessageRow({ id, row, top, entry, columns, context, selected }: Props) {
  return (
    <div
      id={messageRowId(id)}
      class={rowClass(entry, selected)}
      role="row"
      aria-rowindex={row + 1}
      aria-selected={selected}
      data-id={id}
      style={{ top: `${top}px` }}
    >
      {columns.map((column) => {
        const { text, title, label, muted, marker } = column.cell(entry, context, id);
        return (
          <div key={column.id} class={muted ? `cell cell-${column.id} cell-muted` : `cell cell-${column.id}`} role="gridcell" title={title} aria-label={label}>
            {marker !== undefined && <span class="row-marker">{marker}</span>}
            {text}
          </div>
        );
      })}
    </div>
  );
}
