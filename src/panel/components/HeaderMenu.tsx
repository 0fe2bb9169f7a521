/**
 * A menu of checkable items for the grid header: the column chooser (checkboxes) and the time
 * format (one of several). Keyboard first: it takes the focus when it opens, ↑/↓/Home/End move,
 * Enter or Space checks, Escape and Tab close it and give the focus back to what opened it.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import './HeaderMenu.css';
import { usePointerOutside } from './usePointerOutside';

export interface MenuChoice {
  label: string;
  checked: boolean;
  disabled?: boolean;
  onSelect(): void;
}

interface Props {
  label: string;
  /** 'checkbox': each item toggles and the menu stays; 'radio': one item, and the menu closes. */
  kind: 'checkbox' | 'radio';
  items: readonly MenuChoice[];
  /** Viewport coordinates: the header clips what overflows it. */
  at: { top: number; left: number };
  /** Closed by the user; `refocus` when the focus should go back to the opener. */
  onClose(refocus: boolean): void;
}

export function HeaderMenu({ label, kind, items, at, onClose }: Props) {
  const menu = useRef<HTMLDivElement>(null);
  const itemEls = (): HTMLButtonElement[] => Array.from(menu.current?.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]:not(:disabled)') ?? []);

  useLayoutEffect(() => {
    const el = menu.current;
    if (!el) return;
    // Kept inside the window, whichever corner it opened from.
    const { right, bottom } = el.getBoundingClientRect();
    if (right > innerWidth) el.style.left = `${Math.max(0, at.left - (right - innerWidth))}px`;
    if (bottom > innerHeight) el.style.top = `${Math.max(0, at.top - (bottom - innerHeight))}px`;
    const entries = itemEls();
    (entries.find((item) => item.getAttribute('aria-checked') === 'true' && kind === 'radio') ?? entries[0])?.focus();
  }, []);

  // Its own button toggles it: that click closes it.
  usePointerOutside(menu, true, () => onClose(false), (target) => target.closest('[aria-haspopup="menu"][aria-expanded="true"]') !== null);

  const onKeyDown = (event: KeyboardEvent): void => {
    const entries = itemEls();
    const at = entries.indexOf(document.activeElement as HTMLButtonElement);
    const move: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: entries.length - 1 };
    if (event.key in move) {
      event.preventDefault();
      entries[(move[event.key]! + entries.length) % entries.length]?.focus();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
    }
  };

  return (
    <div ref={menu} class="menu header-menu" role="menu" aria-label={label} style={{ top: `${at.top}px`, left: `${at.left}px` }} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role={kind === 'checkbox' ? 'menuitemcheckbox' : 'menuitemradio'}
          aria-checked={item.checked}
          class="menu-item"
          disabled={item.disabled}
          onClick={() => {
            item.onSelect();
            if (kind === 'radio') onClose(true);
          }}
        >
          <span class="header-menu-check" aria-hidden="true">
            {item.checked ? '✓' : ''}
          </span>
          {item.label}
        </button>
      ))}
    </div>
  );
}
