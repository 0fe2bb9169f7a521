/**
 * The messages grid, virtualized: a spacer as tall as all rows (scaled down past the browsers'
 * height cap, see virtual-window.ts), and only the rows on screen (plus an overscan) rendered,
 * absolutely positioned. It follows new messages while the user is at the bottom and stops when
 * they scroll up, offering a way back.
 */
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { visibleColumns, type RowContext } from '../grid/columns';
import { nextIndex } from '../grid/keyboard';
import { nextSort, type SortSpec } from '../grid/sort';
import { isAtBottom, ROW_HEIGHT, scrollMap, scrollTopToReveal, visibleRows } from '../grid/virtual-window';
import { decodedLine } from '../protocol/decoded-summary';
import { EmptyState } from './EmptyState';
import { GridHeader } from './GridHeader';
import { MessageRow, messageRowId } from './MessageRow';
import { useRowContextMenu } from './RowContextMenu';
import { useColumnSettings } from './useColumnSettings';
import { useSortedView } from './useSortedView';

const OVERSCAN_ROWS = 20;

/** The scroller's height, kept current as the panes resize. */
function useViewportHeight(ref: RefObject<HTMLElement | null>): number {
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  // Before the first layout (or in a hidden window) assume a full-height pane rather than none.
  return height || window.innerHeight;
}

export function MessageGrid() {
  const { store, tracker } = usePanelApp();
  const [sort, setSort] = useState<SortSpec | null>(null);
  const view = useSortedView(sort);
  const columnSettings = useColumnSettings();
  const selectedId = store.selectedMessageId.value;
  const selectedConn = store.selectedConnId.value;
  const connectionsByIndex = store.connectionsByIndex.value;
  const timeMode = store.timeMode.value;
  // A protocol choice in the toolbar redraws the grid.
  void tracker.choices.value;
  // A session's connections (its polling channel and its WebSocket) share the scope.
  const keyOf = store.scopeKeyOf.value;
  const selectedIndex = store.connections.value.find((c) => c.id === selectedConn)?.index;
  const selectedKey = selectedIndex === undefined ? null : keyOf(selectedIndex);
  const inScope = store.connections.value.filter((c) => selectedKey === null || keyOf(c.index) === selectedKey);
  const showConnection = selectedKey === null || inScope.length > 1;
  const showDecoded = inScope.some((c) => tracker.decisionOf(c.index).protocol !== null);
  const columns = visibleColumns({ showConnection, showDecoded, hidden: new Set(columnSettings.settings.hidden) });
  const decoded = (id: number) => {
    const result = tracker.decodedAt(id);
    return result ? decodedLine(result) : null;
  };

  const scroller = useRef<HTMLDivElement>(null);
  const viewportHeight = useViewportHeight(scroller);
  const rowMenu = useRowContextMenu(scroller);
  const [scrollTop, setScrollTop] = useState(0);
  const following = useRef(true);
  /** Where the grid last scrolled itself: a scroll event there is ours, not the user's. */
  const ownScrollTop = useRef(0);
  const shownView = useRef({ conn: selectedConn, filter: store.filter.value });
  if (shownView.current.conn !== selectedConn || shownView.current.filter !== store.filter.value) {
    shownView.current = { conn: selectedConn, filter: store.filter.value };
    following.current = true;
  }

  const contentHeight = view.length * ROW_HEIGHT;
  const map = scrollMap(contentHeight, viewportHeight);
  const bottomScrollTop = Math.max(0, map.spacerHeight - viewportHeight);
  // While following, render the bottom directly: no frame shows stale rows, and nothing waits
  // for a scroll event (a hidden DevTools window delivers none).
  const physicalTop = following.current ? bottomScrollTop : Math.min(scrollTop, bottomScrollTop);
  const virtualTop = following.current ? Math.max(0, contentHeight - viewportHeight) : map.toVirtual(physicalTop);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current && el.scrollTop !== physicalTop) {
      el.scrollTop = physicalTop;
      ownScrollTop.current = el.scrollTop;
    }
  });

  const scrollTo = (nextTop: number): void => {
    const el = scroller.current;
    if (el) {
      el.scrollTop = nextTop;
      ownScrollTop.current = el.scrollTop;
    }
    setScrollTop(nextTop);
  };

  const onScroll = (): void => {
    const el = scroller.current;
    if (!el) return;
    // Rows may have arrived between our own scroll and its event: only a move up from where the
    // grid put itself is the user leaving the bottom.
    following.current = following.current
      ? el.scrollTop >= ownScrollTop.current - 1
      : isAtBottom(el.scrollTop, el.clientHeight, map.spacerHeight, ROW_HEIGHT);
    setScrollTop(el.scrollTop);
  };

  // A selection made elsewhere ("Go to response", say) is brought into view; the grid's own
  // clicks and keys have already shown theirs.
  useLayoutEffect(() => {
    const row = selectedId === null ? -1 : view.rowOf(selectedId);
    if (row < 0) return;
    const rowTop = row * ROW_HEIGHT;
    if (rowTop >= virtualTop && rowTop + ROW_HEIGHT <= virtualTop + viewportHeight) return;
    following.current = row === view.length - 1;
    if (!following.current) scrollTo(map.toScroll(scrollTopToReveal(row, virtualTop, viewportHeight, ROW_HEIGHT)));
    // Only a new selection moves the grid: new rows arriving must not drag it back.
  }, [selectedId]);

  const onKeyDown = (event: KeyboardEvent): void => {
    if (rowMenu.onKeyDown(event)) return;
    const pageRows = Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT) - 1);
    const current = selectedId === null ? -1 : view.rowOf(selectedId);
    const next = nextIndex(event.key, current, view.length, pageRows);
    if (next === null) return;
    event.preventDefault();
    store.selectedMessageId.value = view.idAt(next);
    // Selecting the newest row resumes following; any other keeps the selection in view.
    following.current = next === view.length - 1;
    if (!following.current) scrollTo(map.toScroll(scrollTopToReveal(next, virtualTop, viewportHeight, ROW_HEIGHT)));
  };

  const onClick = (event: MouseEvent): void => {
    const row = (event.target as Element).closest<HTMLElement>('[data-id]');
    if (row?.dataset.id !== undefined) store.selectedMessageId.value = Number(row.dataset.id);
  };

  const jumpToLatest = (): void => {
    following.current = true;
    scrollTo(bottomScrollTop);
    scroller.current?.focus();
  };

  const { first, end } = visibleRows({
    scrollTop: virtualTop,
    viewportHeight,
    rowHeight: ROW_HEIGHT,
    rowCount: view.length,
    overscan: OVERSCAN_ROWS,
  });
  const rows = [];
  let previousTime = first > 0 ? store.log.timeAt(view.idAt(first - 1)) : null;
  for (let row = first; row < end; row++) {
    const id = view.idAt(row);
    const entry = store.log.get(id);
    const context: RowContext = { connection: connectionsByIndex.get(entry.connIndex), timeMode, previousTime, decoded };
    previousTime = entry.time;
    rows.push(
      // Keyed by place in the window, not by message: as rows stream in (or the user jumps), each
      // row element stays where it is and only its text changes, which lays out in a fraction of
      // the time that removing old row elements and creating new ones takes.
      <MessageRow
        key={row - first}
        id={id}
        row={row}
        top={row * ROW_HEIGHT - virtualTop + physicalTop}
        entry={entry}
        columns={columns}
        context={context}
        selected={id === selectedId}
      />,
    );
  }
  const selectedRow = selectedId === null ? -1 : view.rowOf(selectedId);
  const activeDescendant = selectedId !== null && selectedRow >= first && selectedRow < end ? messageRowId(selectedId) : undefined;

  return (
    <div class={showConnection ? 'grid-pane with-connection' : 'grid-pane'} data-time={timeMode}>
      <GridHeader columns={columns} sort={sort} onSort={(key) => setSort(nextSort(sort, key))} columnSettings={columnSettings} />
      <div
        ref={scroller}
        class="grid-scroller"
        role="grid"
        aria-label="Messages"
        aria-rowcount={view.length}
        aria-activedescendant={activeDescendant}
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        onClick={onClick}
        onContextMenu={rowMenu.onContextMenu}
      >
        <div class="grid-spacer" style={{ height: `${map.spacerHeight}px` }}>
          {rows}
        </div>
      </div>
      {view.length === 0 && (
        <EmptyState anyConnection={store.connections.value.length > 0} filtered={store.scopeView.value.length > 0} unreachable={store.tabUnreachable.value} />
      )}
      {!following.current && view.length > 0 && physicalTop < bottomScrollTop && (
        <button type="button" class="grid-pill jump-to-latest" onClick={jumpToLatest}>
          Jump to latest ↓
        </button>
      )}
      {rowMenu.element}
    </div>
  );
}
