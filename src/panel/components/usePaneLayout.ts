import { useEffect, useRef, useState } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { DEFAULT_LAYOUT, readLayout, writeLayout, type LayoutSettings, type PaneSizeProperty } from '../layout-settings';

export interface PaneLayout {
  detailsShown: boolean;
  setDetailsShown(shown: boolean): void;
  /** A pane size the user settled on, to apply again next time. */
  rememberSize(property: PaneSizeProperty, size: number): void;
}

/** The remembered pane sizes, applied once read, and kept as the user changes them. */
export function usePaneLayout(): PaneLayout {
  const { storage } = usePanelApp();
  const layout = useRef<LayoutSettings>(DEFAULT_LAYOUT);
  const [detailsShown, setShown] = useState(DEFAULT_LAYOUT.detailsShown);
  useEffect(() => {
    void readLayout(storage).then((stored) => {
      layout.current = stored;
      for (const [property, size] of Object.entries(stored.sizes)) document.documentElement.style.setProperty(property, `${size}px`);
      setShown(stored.detailsShown);
    });
  }, [storage]);
  const save = (next: LayoutSettings): void => {
    layout.current = next;
    void writeLayout(storage, next);
  };
  return {
    detailsShown,
    setDetailsShown(shown) {
      setShown(shown);
      save({ ...layout.current, detailsShown: shown });
    },
    rememberSize(property, size) {
      save({ ...layout.current, sizes: { ...layout.current.sizes, [property]: size } });
    },
  };
}
