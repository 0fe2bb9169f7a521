/**
 * The grid's column headers, a table of its own beside the grid (whose rows are messages only:
 * tests and screen readers count them). Time, Size and the direction sort the grid; each
 * resizable column has a divider at its right edge; the Time header picks the time format; the
 * columns menu (⋮, or a right-click anywhere on the header) shows and hides columns.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { COLUMN_WIDTH_LIMITS, toggleColumn, withWidth } from '../grid/column-settings';
import { GRID_COLUMNS, TIME_MODES, type GridColumn } from '../grid/columns';
import type { SortKey, SortSpec } from '../grid/sort';
import { HeaderMenu, type MenuChoice } from './HeaderMenu';
import { Splitter } from './Splitter';
import { columnWidthProperty, type ColumnSettingsState } from './useColumnSettings';
import './GridHeader.css';

interface Props {
  columns: readonly GridColumn[];
  sort: SortSpec | null;
  onSort(key: SortKey): void;
  columnSettings: ColumnSettingsState;
}

type OpenMenu = { which: 'columns' | 'time'; at: { top: number; left: number }; opener: HTMLElement | null };

const ariaSort = (column: GridColumn, sort: SortSpec | null): 'ascending' | 'descending' | undefined =>
  sort && sort.key === column.sortKey ? (sort.descending ? 'descending' : 'ascending') : undefined;

const below = (el: HTMLElement): { top: number; left: number } => {
  const { bottom, left } = el.getBoundingClientRect();
  return { top: bottom + 2, left };
};

export function GridHeader({ columns, sort, onSort, columnSettings }: Props) {
  const { store } = usePanelApp();
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  opener.current = menu?.opener ?? null;
  const close = useCallback((refocus: boolean) => {
    if (refocus) opener.current?.focus();
    setMenu(null);
  }, []);
  const toggleMenu = (which: OpenMenu['which'], event: MouseEvent): void => {
    const el = event.currentTarget as HTMLElement;
    setMenu(menu?.which === which ? null : { which, at: below(el), opener: el });
  };

  const { settings, update } = columnSettings;
  const columnChoices: MenuChoice[] = GRID_COLUMNS.filter((c) => c.hideable || c.id === 'data').map((c) => ({
    label: c.name,
    checked: !settings.hidden.includes(c.id),
    disabled: !c.hideable,
    onSelect: () => update((s) => toggleColumn(s, c.id)),
  }));
  const timeMode = store.timeMode.value;
  const timeChoices: MenuChoice[] = TIME_MODES.map(({ mode, label }) => ({
    label,
    checked: mode === timeMode,
    onSelect: () => (store.timeMode.value = mode),
  }));

  return (
    <>
      <div
        class="grid-header-table"
        role="table"
        aria-label="Message columns"
        onContextMenu={(event) => {
          event.preventDefault();
          setMenu({ which: 'columns', at: { top: event.clientY, left: event.clientX }, opener: document.activeElement as HTMLElement | null });
        }}
      >
        <div class="grid-header" role="row">
          {columns.map((column) => {
            const order = ariaSort(column, sort);
            const arrow = order === 'ascending' ? '▲' : order === 'descending' ? '▼' : '';
            return (
              <div key={column.id} class={`cell cell-${column.id}`} role="columnheader" aria-label={column.name} aria-sort={order}>
                {column.sortKey ? (
                  <button
                    type="button"
                    class="column-sort"
                    aria-label={column.title ? undefined : column.name}
                    title={`Sort by ${column.name.toLowerCase()}: ascending, descending, arrival order`}
                    onClick={() => column.sortKey && onSort(column.sortKey)}
                  >
                    {column.title}
                    {(arrow || !column.title) && (
                      <span class="column-sort-arrow" aria-hidden="true">
                        {arrow || '⇅'}
                      </span>
                    )}
                  </button>
                ) : (
                  <span class="column-title">{column.title}</span>
                )}
                {column.id === 'time' && <MenuButton label="Time format" title="Time format" glyph="▾" open={menu?.which === 'time'} onClick={(event) => toggleMenu('time', event)} />}
                {column.id === 'data' && (
                  <MenuButton label="Columns" title="Show or hide columns" glyph="⋮" chooser open={menu?.which === 'columns'} onClick={(event) => toggleMenu('columns', event)} />
                )}
                {column.defaultWidth !== undefined && (
                  <Splitter
                    label={`Resize ${column.name} column`}
                    orientation="vertical"
                    property={columnWidthProperty(column.id)}
                    pane={`.grid-header .cell-${column.id}`}
                    min={COLUMN_WIDTH_LIMITS.min}
                    max={COLUMN_WIDTH_LIMITS.max}
                    onResized={(width) => update((s) => withWidth(s, column.id, width))}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {menu?.which === 'columns' && <HeaderMenu label="Columns" kind="checkbox" items={columnChoices} at={menu.at} onClose={close} />}
      {menu?.which === 'time' && <HeaderMenu label="Time format" kind="radio" items={timeChoices} at={menu.at} onClose={close} />}
    </>
  );
}

interface MenuButtonProps {
  label: string;
  title: string;
  glyph: string;
  /** The columns chooser, at the header's right end. */
  chooser?: boolean;
  open: boolean;
  onClick: (event: MouseEvent) => void;
}

/** A header cell's button that opens one of its menus. */
function MenuButton({ label, title, glyph, chooser = false, open, onClick }: MenuButtonProps) {
  return (
    <button
      type="button"
      class={chooser ? 'column-menu-button column-chooser' : 'column-menu-button'}
      aria-label={label}
      aria-haspopup="menu"
      aria-expanded={open}
      title={title}
      onClick={onClick}
    >
      {glyph}
    </button>
  );
}
