/**
 * The toolbar's Import: a HAR (Frametap's, or one saved by Chrome DevTools) or Frametap NDJSON,
 * read in the panel and loaded as connections marked with the file's name.
 */
import { useRef, useState } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { plural } from '../format/count';

export function ImportButton() {
  const { store, imports } = usePanelApp();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);

  const onChange = async (): Promise<void> => {
    const file = input.current?.files?.[0];
    if (!file) return;
    const result = imports.load(file.name, await file.text());
    if (input.current) input.current.value = '';
    if (!result.ok) {
      setStatus({ text: `Import failed: ${result.error}`, error: true });
      return;
    }
    const skipped = result.skipped > 0 ? `, ${result.skipped} records skipped` : '';
    setStatus({ text: `Imported ${plural(result.connections, 'connection')}, ${plural(result.frames, 'message')} from ${file.name}${skipped}`, error: false });
    const first = result.events.find((event) => event.type === 'create');
    if (first) {
      store.selectedConnId.value = first.conn;
      store.selectedMessageId.value = null;
    }
  };

  return (
    <>
      <button type="button" class="toolbar-button toolbar-text-button" onClick={() => input.current?.click()}>
        Import
      </button>
      <input ref={input} type="file" hidden aria-label="Import file" accept=".har,.json,.ndjson,application/json" onChange={() => void onChange()} />
      {status && (
        <span class={status.error ? 'toolbar-notice' : 'toolbar-text'} role="status">
          {status.text}
        </span>
      )}
    </>
  );
}
