/**
 * The grid's columns, in one list: the header and every row are made from it, so a new column
 * (a protocol decoder's summary, say) is one entry here and one width in panel.css (`.cell-<id>`).
 * The user hides and resizes them (column-settings.ts) and sorts by some (sort.ts).
 */
import type { DecodedLine } from '../protocol/decoded-summary';
import type { Connection } from '../store/connection';
import type { LogEntry } from '../store/message-log';
import { connectionLabel, connectionTitle } from '../format/connection-label';
import { directionCell, rowPreview, typeLabel } from '../format/row-cells';
import { interceptMarker } from '../rules/intercept-text';
import { formatBytes } from '../format/size';
import { formatClock, formatClockMicros, formatDelta, formatRelative } from '../format/time';
import type { SortKey } from './sort';

/** 'relative': since the connection started; 'delta': since the previous message in view. */
export type TimeMode = 'clock' | 'clock-us' | 'relative' | 'delta';

export const TIME_MODES: readonly { mode: TimeMode; label: string }[] = [
  { mode: 'clock', label: 'Clock' },
  { mode: 'clock-us', label: 'Clock (µs)' },
  { mode: 'relative', label: 'Since connection start' },
  { mode: 'delta', label: 'Since previous message' },
];

export interface RowContext {
  connection: Connection | undefined;
  timeMode: TimeMode;
  /** The time of the row above in the view, null on the first row. */
  previousTime: number | null;
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
  /** A tag before the text: what an intercept rule did to the message. */
  marker?: string;
}

export type ColumnId = 'dir' | 'time' | 'conn' | 'type' | 'size' | 'decoded' | 'data';

export interface GridColumn {
  id: ColumnId;
  /** The header's text. */
  title: string;
  /** What the column chooser and the header's controls call it. */
  name: string;
  /** The user may hide it (column-settings.ts). */
  hideable?: boolean;
  /** The user may resize it: its default width in px (panel.css has the same). */
  defaultWidth?: number;
  /** Its header sorts the grid by this. */
  sortKey?: SortKey;
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
    name: 'Direction',
    sortKey: 'dir',
    cell: (e) => {
      const { symbol, label } = directionCell(e);
      // A frame Frametap made has its own arrow; its label says so.
      return { text: symbol, title: label, label: e.via === 'page' ? undefined : label };
    },
  },
  {
    id: 'time',
    title: 'Time',
    name: 'Time',
    hideable: true,
    defaultWidth: 104,
    sortKey: 'time',
    cell: timeCell,
  },
  {
    id: 'conn',
    title: 'Connection',
    name: 'Connection',
    hideable: true,
    defaultWidth: 180,
    allConnectionsOnly: true,
    cell: (_e, { connection }) => (connection ? { text: connectionLabel(connection), title: connectionTitle(connection) } : { text: '' }),
  },
  { id: 'type', title: 'Type', name: 'Type', hideable: true, defaultWidth: 68, cell: (e) => ({ text: typeLabel(e) }) },
  {
    id: 'size',
    title: 'Size',
    name: 'Size',
    hideable: true,
    defaultWidth: 64,
    sortKey: 'size',
    cell: (e) => ({ text: e.kind === 'frame' ? formatBytes(e.size) : '' }),
  },
  {
    id: 'decoded',
    title: 'Decoded',
    name: 'Decoded',
    hideable: true,
    defaultWidth: 240,
    decodedOnly: true,
    cell: (_e, { decoded }, id) => {
      const line = decoded(id);
      return line ? { text: line.text, title: line.text, muted: line.raw } : { text: '' };
    },
  },
  { id: 'data', title: 'Data', name: 'Data', cell: (e) => ({ text: rowPreview(e), marker: interceptMarker(e) ?? undefined }) },
];

function timeCell(e: LogEntry, { connection, timeMode, previousTime }: RowContext): CellContent {
  const clock = formatClock(e.time);
  switch (timeMode) {
    case 'clock':
      return { text: clock };
    case 'clock-us':
      return { text: formatClockMicros(e.time) };
    case 'relative':
      return connection ? { text: formatRelative(e.time - connection.startTime), title: clock } : { text: clock };
    case 'delta':
      return previousTime === null ? { text: '—', title: `${clock}, the first message in view`, muted: true } : { text: formatDelta(e.time - previousTime), title: clock };
  }
}

interface Visibility {
  showConnection: boolean;
  showDecoded: boolean;
  /** The columns the user chose to hide. */
  hidden: ReadonlySet<ColumnId>;
}

export function visibleColumns({ showConnection, showDecoded, hidden }: Visibility): readonly GridColumn[] {
  return GRID_COLUMNS.filter(
    (c) => (showConnection || !c.allConnectionsOnly) && (showDecoded || !c.decodedOnly) && !(c.hideable && hidden.has(c.id)),
  );
}
