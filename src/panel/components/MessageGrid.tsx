/**
 * The messages grid, virtualized: a spacer as tall as all rows, and only the rows on screen (plus
 * an overscan) rendered, absolutely positioned. It follows new messages while the user is at the
 * bottom and stops when they scroll up.
 */
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { nextIndex } from '../grid/keyboard';
import { isAtBottom, ROW_HEIGHT, scrollTopToReveal, visibleRows } from '../grid/virtual-window';
import type { Store } from '../store/store';
import { EmptyState } from './EmptyState';
import { GridHeader } from './GridHeader';
import { MessageRow, messageRowId } from './MessageRow';

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

export function MessageGrid({ store }: { store: Store }) {
  const view = store.view.value;
  const selectedId = store.selectedMessageId.value;
  const selectedConn = store.selectedConnId.value;
  const showConnection = selectedConn === null;
  const connectionsByIndex = store.connectionsByIndex.value;

  const scroller = useRef<HTMLDivElement>(null);
  const viewportHeight = useViewportHeight(scroller);
  const [scrollTop, setScrollTop] = useState(0);
  const following = useRef(true);
  /** Where the grid last scrolled itself: a scroll event there is ours, not the user's. */
  const ownScrollTop = useRef(0);
  const shownConn = useRef(selectedConn);
  if (shownConn.current !== selectedConn) {
    shownConn.current = selectedConn;
    following.current = true;
  }

  const bottomTop = Math.max(0, view.length * ROW_HEIGHT - viewportHeight);
  // While following, render the bottom directly: no frame shows stale rows, and nothing waits
  // for a scroll event (a hidden DevTools window delivers none).
  const top = following.current ? bottomTop : Math.min(scrollTop, bottomTop);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current && el.scrollTop !== top) {
      el.scrollTop = top;
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
      : isAtBottom(el.scrollTop, el.clientHeight, view.length * ROW_HEIGHT, ROW_HEIGHT);
    setScrollTop(el.scrollTop);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const pageRows = Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT) - 1);
    const current = selectedId === null ? -1 : view.rowOf(selectedId);
    const next = nextIndex(event.key, current, view.length, pageRows);
    if (next === null) return;
    event.preventDefault();
    store.selectedMessageId.value = view.idAt(next);
    // Selecting the newest row resumes following; any other keeps the selection in view.
    following.current = next === view.length - 1;
    if (!following.current) scrollTo(scrollTopToReveal(next, top, viewportHeight, ROW_HEIGHT));
  };

  const onClick = (event: MouseEvent): void => {
    const row = (event.target as Element).closest<HTMLElement>('[data-id]');
    if (row?.dataset.id !== undefined) store.selectedMessageId.value = Number(row.dataset.id);
  };

  const jumpToLatest = (): void => {
    following.current = true;
    scrollTo(bottomTop);
  };

  const { first, end } = visibleRows({
    scrollTop: top,
    viewportHeight,
    rowHeight: ROW_HEIGHT,
    rowCount: view.length,
    overscan: OVERSCAN_ROWS,
  });
  const rows = [];
  for (let row = first; row < end; row++) {
    const id = view.idAt(row);
    const entry = store.log.get(id);
    rows.push(
      <MessageRow
        key={id}
        id={id}
        row={row}
        entry={entry}
        showConnection={showConnection}
        connection={connectionsByIndex.get(entry.connIndex)}
        selected={id === selectedId}
      />,
    );
  }
  const selectedRow = selectedId === null ? -1 : view.rowOf(selectedId);
  const activeDescendant = selectedId !== null && selectedRow >= first && selectedRow < end ? messageRowId(selectedId) : undefined;

  return (
    <div class={showConnection ? 'grid-pane with-connection' : 'grid-pane'}>
      <GridHeader showConnection={showConnection} />
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
      >
        <div class="grid-spacer" style={{ height: `${view.length * ROW_HEIGHT}px` }}>
          {rows}
        </div>
      </div>
      {view.length === 0 && <EmptyState anyConnection={store.connections.value.length > 0} />}
      {!following.current && view.length > 0 && top < bottomTop && (
        <button type="button" class="jump-to-latest" onClick={jumpToLatest}>
          Jump to latest ↓
        </button>
      )}
    </div>
  );
}
