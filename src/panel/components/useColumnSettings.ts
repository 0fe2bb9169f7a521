/**
 * The user's grid columns (column-settings.ts), loaded from the panel's storage and saved on every
 * change. Resized widths go on the document as `--col-<id>`, where the column resizers (Splitter)
 * also put them while dragging, and where the header and every row read them.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { COLUMN_SETTINGS_KEY, DEFAULT_COLUMN_SETTINGS, parseColumnSettings, type ColumnSettings } from '../grid/column-settings';
import { GRID_COLUMNS } from '../grid/columns';

export interface ColumnSettingsState {
  settings: ColumnSettings;
  update(change: (settings: ColumnSettings) => ColumnSettings): void;
}

export const columnWidthProperty = (id: string): string => `--col-${id}`;

export function useColumnSettings(): ColumnSettingsState {
  const { storage } = usePanelApp();
  const settings = useSignal<ColumnSettings>(DEFAULT_COLUMN_SETTINGS);
  useEffect(() => {
    let current = true;
    void storage.get(COLUMN_SETTINGS_KEY).then((stored) => {
      if (current) settings.value = parseColumnSettings(stored);
    });
    return () => {
      current = false;
    };
  }, [storage]);

  const { widths } = settings.value;
  useEffect(() => {
    const root = document.documentElement.style;
    for (const { id } of GRID_COLUMNS) {
      const width = widths[id];
      if (width === undefined) root.removeProperty(columnWidthProperty(id));
      else root.setProperty(columnWidthProperty(id), `${width}px`);
    }
  }, [widths]);

  return {
    settings: settings.value,
    update(change) {
      settings.value = change(settings.value);
      void storage.set(COLUMN_SETTINGS_KEY, settings.value);
    },
  };
}
