/**
 * The toolbar's Export button and its menu: HAR or NDJSON, of the selected connection or the
 * whole tab, optionally only what the active filter shows. The file downloads like a web page's.
 */
import { useRef, useState } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { isFilterActive } from '../filter/filter';
import { downloadFile } from './download';
import { exportFile, type ExportFormat } from './transfer';
import { usePointerOutside } from '../components/usePointerOutside';

interface Choice {
  label: string;
  format: ExportFormat;
  wholeTab: boolean;
}

const CHOICES: readonly Choice[] = [
  { label: 'HAR: selected connection', format: 'har', wholeTab: false },
  { label: 'HAR: whole tab', format: 'har', wholeTab: true },
  { label: 'NDJSON: selected connection', format: 'ndjson', wholeTab: false },
  { label: 'NDJSON: whole tab', format: 'ndjson', wholeTab: true },
];

export function ExportMenu() {
  const { store } = usePanelApp();
  /** Where the menu opens (viewport coordinates), or null while it is closed. */
  const [openAt, setOpenAt] = useState<{ top: number; left: number } | null>(null);
  const open = openAt !== null;
  const [onlyFiltered, setOnlyFiltered] = useState(false);
  const container = useRef<HTMLDivElement>(null);

  usePointerOutside(container, open, () => setOpenAt(null));

  const filtered = isFilterActive(store.filter.value);
  const selected = store.selectedConnId.value;

  const run = ({ format, wholeTab }: Choice): void => {
    setOpenAt(null);
    downloadFile(exportFile(store, format, { connection: wholeTab ? null : selected, onlyFiltered: filtered && onlyFiltered }));
  };

  // The toolbar clips what overflows it: the menu is placed in the viewport, under the button.
  const toggle = (event: MouseEvent): void => {
    const { bottom, left } = (event.currentTarget as HTMLElement).getBoundingClientRect();
    setOpenAt(open ? null : { top: bottom + 2, left });
  };

  return (
    <div class="export-menu" ref={container} onKeyDown={(event) => event.key === 'Escape' && setOpenAt(null)}>
      <button type="button" class="toolbar-button toolbar-text-button" aria-haspopup="menu" aria-expanded={open} onClick={toggle}>
        Export
      </button>
      {openAt && (
        <div class="menu" role="menu" aria-label="Export" style={{ top: `${openAt.top}px`, left: `${openAt.left}px` }}>
          {CHOICES.map((choice) => (
            <button
              key={choice.label}
              type="button"
              role="menuitem"
              class="menu-item"
              disabled={!choice.wholeTab && selected === null}
              onClick={() => run(choice)}
            >
              {choice.label}
            </button>
          ))}
          {filtered && (
            <label class="menu-item menu-check">
              <input type="checkbox" role="menuitemcheckbox" checked={onlyFiltered} onChange={(event) => setOnlyFiltered(event.currentTarget.checked)} />
              Only filtered messages
            </label>
          )}
        </div>
      )}
    </div>
  );
}
