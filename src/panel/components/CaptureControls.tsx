/**
 * The toolbar's capture and view controls: record / pause, (Clear, passed in), Preserve log,
 * relative time, and the budgets.
 *
 * Pausing stops adding rows; it never drops what was captured. Connections keep their true state
 * and totals while paused (a socket that closes meanwhile shows as closed), and what arrives
 * meanwhile is not added later either: resuming records from then on.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { GearIcon, RecordIcon } from './icons';
import { SettingsPopover } from './SettingsPopover';

export function CaptureControls({ children }: { children: ComponentChildren }) {
  const { store, applyPending } = usePanelApp();
  const recording = store.recording.value;
  const preserve = store.preserveLog.value;
  const relative = store.timeMode.value === 'relative';
  const [settingsOpen, setSettingsOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        class="toolbar-button"
        aria-label={recording ? 'Pause capture' : 'Resume capture'}
        title={recording ? 'Pause capture: stop adding messages (nothing captured is dropped)' : 'Resume capture'}
        onClick={() => {
          // What arrived before the click is recorded (or not) as it was when it arrived.
          applyPending();
          store.recording.value = !recording;
        }}
      >
        <RecordIcon recording={recording} />
      </button>
      {children}
      <span class="toolbar-divider" />
      <ToolbarToggle
        label="Preserve log"
        title="Keep connections and messages when the page navigates or reloads"
        pressed={preserve}
        onToggle={() => (store.preserveLog.value = !preserve)}
      />
      <ToolbarToggle
        label="Relative time"
        title="Show times relative to the start of each connection"
        pressed={relative}
        onToggle={() => (store.timeMode.value = relative ? 'clock' : 'relative')}
      />
      <button
        type="button"
        class="toolbar-button"
        aria-label="Settings"
        aria-expanded={settingsOpen}
        title="Budgets"
        onClick={() => setSettingsOpen(!settingsOpen)}
      >
        <GearIcon />
      </button>
      {settingsOpen && <SettingsPopover onClose={() => setSettingsOpen(false)} />}
      {!recording && (
        <span class="toolbar-paused" role="status">
          ⏸ Capture paused
        </span>
      )}
    </>
  );
}

interface ToggleProps {
  label: string;
  title: string;
  pressed: boolean;
  onToggle: () => void;
}

/** A DevTools-style checkbox button: its name is its label, its state `aria-pressed`. */
export function ToolbarToggle({ label, title, pressed, onToggle }: ToggleProps) {
  return (
    <button type="button" class="toolbar-toggle" aria-pressed={pressed} title={title} onClick={onToggle}>
      <span class="toggle-box" aria-hidden="true">
        {pressed ? '✓' : ''}
      </span>
      {label}
    </button>
  );
}
