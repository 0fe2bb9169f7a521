/**
 * The toolbar's fold: when the tools no longer fit its width, the ones given here move behind a
 * `»` button, as DevTools' own toolbars do, and come back once the width they needed is there.
 */
import type { ComponentChildren, RefObject } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { usePointerOutside } from './usePointerOutside';

/** Whether the toolbar in `bar` must fold, re-measured as it is resized. */
export function useFolding(bar: RefObject<HTMLElement | null>): boolean {
  const [folded, setFolded] = useState(false);
  /** The toolbar's width with nothing folded, as measured when it stopped fitting. */
  const neededWidth = useRef(0);
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el) return;
    const check = (): void => {
      if (!folded && el.scrollWidth > el.clientWidth) {
        neededWidth.current = el.scrollWidth;
        setFolded(true);
      } else if (folded && el.clientWidth >= neededWidth.current) setFolded(false);
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    return () => observer.disconnect();
  }, [folded]);
  return folded;
}

/** The `»` button and the folded tools it shows, placed in the viewport (the toolbar clips). */
export function OverflowTools({ children }: { children: ComponentChildren }) {
  const [openAt, setOpenAt] = useState<{ top: number; right: number } | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const open = openAt !== null;

  usePointerOutside(container, open, () => setOpenAt(null));

  const toggle = (event: MouseEvent): void => {
    const { bottom, right } = (event.currentTarget as HTMLElement).getBoundingClientRect();
    setOpenAt(open ? null : { top: bottom + 2, right: Math.max(0, document.documentElement.clientWidth - right) });
  };

  return (
    <div class="toolbar-overflow" ref={container} onKeyDown={(event) => event.key === 'Escape' && setOpenAt(null)}>
      <button type="button" class="toolbar-button" aria-label="More tools" title="More tools" aria-expanded={open} onClick={toggle}>
        »
      </button>
      {openAt && (
        <div class="toolbar-overflow-tools" role="group" aria-label="More tools" style={{ top: `${openAt.top}px`, right: `${openAt.right}px` }}>
          {children}
        </div>
      )}
    </div>
  );
}
