/**
 * The grid's columns, in one list: the header and every row are made from it, so a new column
 * (a protocol decoder's summary, say) is one entry here and one width in panel.css (`.cell-<id>`).
 */
import type { DecodedLine } from '../protocol/decoded-summary';
import type { Connection } from '../store/connection';
import type { LogEntry } from '../store/message-log';
import { connectionLabel, connectionTitle } from '../format/connection-label';
import { directionCell, rowPreview, typeLabel } from '../format/row-cells';
import { formatBytes } from '../format/size';
import { formatClock, formatRelative } from '../format/time';

export type TimeMode = 'clock' | 'relative';

export interface RowContext {
  connection: Connection | undefined;
  timeMode: TimeMode;
  /** The protocol summary of a message (see src/panel/protocol), null when there is none. */
  decoded(id: number): DecodedLine | null;
}

export interface CellContent {
  text: string;
  /** Shown on hover. */
  title?: string;
  /** Says in words what a symbol shows (screen readers and tests read it). */
  label?: string;
  /** Dimmed: a note about the message rather than its content. */
  muted?: boolean;
}

export interface GridColumn {
  id: string;
  /** The header's text. */
  title: string;
  /** Shown in the all-connections view only (one connection's view names it in the sidebar). */
  allConnectionsOnly?: boolean;
  /** Shown only while a connection in view speaks a protocol Frametap decodes. */
  decodedOnly?: boolean;
  cell(entry: LogEntry, context: RowContext, id: number): CellContent;
}

export const GRID_COLUMNS: readonly GridColumn[] = [
  {
    id: 'dir',
    title: '',
    cell: (e) => {
      const { symbol, label } = directionCell(e);
      // A frame Frametap made has its own arrow; its label says so.
      return { text: symbol, title: label, label: e.via === 'page' ? undefined : label };
    },
  },
  {
    id: 'time',
    title: 'Time',
    cell: (e, { connection, timeMode }) =>
      timeMode === 'relative' && connection ? { text: formatRelative(e.time - connection.startTime), title: formatClock(e.time) } : { text: formatClock(e.time) },
  },
  {
    id: 'conn',
    title: 'Connection',
    allConnectionsOnly: true,
    cell: (_e, { connection }) => (connection ? { text: connectionLabel(connection), title: connectionTitle(connection) } : { text: '' }),
  },
  { id: 'type', title: 'Type', cell: (e) => ({ text: typeLabel(e) }) },
  { id: 'size', title: 'Size', cell: (e) => ({ text: e.kind === 'frame' ? formatBytes(e.size) : '' }) },
  {
    id: 'decoded',
    title: 'Decoded',
    decodedOnly: true,
    cell: (_e, { decoded }, id) => {
      const line = decoded(id);
      return line ? { text: line.text, title: line.text, muted: line.raw } : { text: '' };
    },
  },
  { id: 'data', title: 'Data', cell: (e) => ({ text: rowPreview(e) }) },
];

export function visibleColumns({ showConnection, showDecoded }: { showConnection: boolean; showDecoded: boolean }): readonly GridColumn[] {
  return GRID_COLUMNS.filter((c) => (showConnection || !c.allConnectionsOnly) && (showDecoded || !c.decodedOnly));
}
