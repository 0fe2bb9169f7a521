import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * Calls `onOutside` when a pointer goes down outside `inside`'s element while `active`: how the
 * panel's menus and popovers close. Seen in the capture phase, so that no handler on the way can
 * hide it. `ignore` spares targets that handle themselves (a menu's own toggle button).
 */
export function usePointerOutside(
  inside: RefObject<Element | null>,
  active: boolean,
  onOutside: () => void,
  ignore?: (target: Element) => boolean,
): void {
  const latest = useRef({ onOutside, ignore });
  latest.current = { onOutside, ignore };
  useEffect(() => {
    if (!active) return;
    const listener = (event: Event): void => {
      const target = event.target as Element;
      if (inside.current?.contains(target) || latest.current.ignore?.(target)) return;
      latest.current.onOutside();
    };
    document.addEventListener('pointerdown', listener, true);
    return () => document.removeEventListener('pointerdown', listener, true);
  }, [active, inside]);
}
