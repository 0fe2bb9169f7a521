/**
 * A pane divider: drag it, or focus it and use the arrow keys. It sets one CSS custom property
 * on the panel's root (a pane size in px), which panel.css reads, so that the layout components
 * need no size state of their own.
 */
import { useRef, useState } from 'preact/hooks';

interface Props {
  label: string;
  /** 'vertical': a vertical bar between side-by-side panes, dragged along x. */
  orientation: 'vertical' | 'horizontal';
  /** The custom property it sets, e.g. `--sidebar-width`. */
  property: string;
  /** Selector of the pane it sizes, for its current size when a drag starts. */
  pane: string;
  /** The sized pane is after the divider (below or right of it): dragging towards it shrinks it. */
  paneAfter?: boolean;
  min: number;
  max: number;
  /** The size the user settled on: at the end of a drag, after each key. */
  onResized?: (size: number) => void;
}

const KEY_STEP_PX = 16;

export function Splitter({ label, orientation, property, pane, paneAfter = false, min, max, onResized }: Props) {
  const [size, setSize] = useState<number | null>(null);
  const drag = useRef<{ from: number; size: number } | null>(null);
  const vertical = orientation === 'vertical';

  const currentSize = (): number => {
    const el = document.querySelector(pane);
    if (!el) return min;
    const rect = el.getBoundingClientRect();
    return vertical ? rect.width : rect.height;
  };
  const apply = (next: number): number => {
    const clamped = Math.round(Math.min(max, Math.max(min, next)));
    document.documentElement.style.setProperty(property, `${clamped}px`);
    setSize(clamped);
    return clamped;
  };
  const position = (e: PointerEvent): number => (vertical ? e.clientX : e.clientY);

  return (
    <div
      class={`splitter splitter-${orientation}`}
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={size ?? undefined}
      tabIndex={0}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { from: position(e), size: currentSize() };
      }}
      onPointerMove={(e) => {
        if (!drag.current) return;
        const delta = position(e) - drag.current.from;
        apply(drag.current.size + (paneAfter ? -delta : delta));
      }}
      onPointerUp={() => {
        if (drag.current) onResized?.(currentSize());
        drag.current = null;
      }}
      onKeyDown={(e) => {
        const grow = vertical ? 'ArrowRight' : 'ArrowDown';
        const shrink = vertical ? 'ArrowLeft' : 'ArrowUp';
        if (e.key !== grow && e.key !== shrink) return;
        e.preventDefault();
        const step = (e.key === grow) !== paneAfter ? KEY_STEP_PX : -KEY_STEP_PX;
        onResized?.(apply(currentSize() + step));
      }}
    />
  );
}
