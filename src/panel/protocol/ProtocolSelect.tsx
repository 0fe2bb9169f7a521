/**
 * The selected connection's Protocol: automatic detection (saying what it found), raw, or one of
 * the decoders; and, for an imported connection, the file it came from.
 */
import { PROTOCOLS } from '../../decode';
import { usePanelApp } from '../app-context';
import { isProtocolChoice } from './connection-protocol';
import { importedLabel } from './transfer';

export function ProtocolSelect() {
  const { store, tracker, imports } = usePanelApp();
  const selected = store.selectedConnId.value;
  const connection = selected === null ? undefined : store.connections.value.find((c) => c.id === selected);
  if (!connection) return null;
  const choice = tracker.choices.value.get(connection.index) ?? 'auto';
  // Read after any frames of this render's batch: detection may have just decided.
  void store.revision.value;
  const detected = tracker.decisionOf(connection.index).protocol;
  const detectedLabel = PROTOCOLS.find((p) => p.id === detected)?.label ?? 'none detected';
  const source = imports.sources.value.get(connection.id);

  const onChange = (event: Event): void => {
    const value = (event.currentTarget as HTMLSelectElement).value;
    if (isProtocolChoice(value)) tracker.setChoice(connection.index, value);
  };

  return (
    <>
      {source !== undefined && (
        <span class="toolbar-text imported-source" title={source}>
          {importedLabel(source)}
        </span>
      )}
      <label class="toolbar-label">
        Protocol
        <select class="toolbar-select" aria-label="Protocol" value={choice} onChange={onChange}>
          <option value="auto">Auto ({choice === 'auto' ? detectedLabel : 'detect'})</option>
          <option value="none">Raw (no decoding)</option>
          {PROTOCOLS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
