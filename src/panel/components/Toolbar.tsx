/** The compact DevTools-style toolbar: capture controls, view settings, and what was not captured. */
import { useRef } from 'preact/hooks';
import { usePanelApp } from '../app-context';
import { clearStore } from '../store/store';
import { ExportMenu } from '../protocol/ExportMenu';
import { ImportButton } from '../protocol/ImportButton';
import { ProtocolSelect } from '../protocol/ProtocolSelect';
import { CaptureControls, ToolbarToggle } from './CaptureControls';
import { formatCount } from '../format/count';
import { ClearIcon } from './icons';
import { OverflowTools, useFolding } from './OverflowTools';

interface PaneToggle {
  shown: boolean;
  toggle: () => void;
}

interface Props {
  /** The details pane, shown or hidden. */
  details: PaneToggle;
  /** The Rules pane, in the details pane's place while shown. */
  rules: PaneToggle;
}

export function Toolbar({ details, rules }: Props) {
  // applyPending runs before Clear and Pause, so that they cut the stream where the user sees it.
  const { store, link, applyPending, detach, rules: rulesModel } = usePanelApp();
  const activeRules = rulesModel.activeCount.value;
  const dropped = store.dropped.value;
  const missed = store.missed.value;
  const bar = useRef<HTMLDivElement>(null);
  const folded = useFolding(bar);
  // What a narrow panel folds first: what is used least often.
  const foldable = (
    <>
      <ToolbarToggle label="Details" title="Show the details pane of the selected message" pressed={details.shown} onToggle={details.toggle} />
      <ImportButton />
      <ExportMenu />
      <ProtocolSelect />
      {detach && (
        <button type="button" class="toolbar-button toolbar-text-button" title="Open this panel in a window of its own, for the same tab" onClick={detach}>
          Detach
        </button>
      )}
    </>
  );
  return (
    <div class="toolbar" role="toolbar" aria-label="Frametap" ref={bar}>
      <CaptureControls>
        <button
          type="button"
          class="toolbar-button"
          aria-label="Clear"
          title="Clear messages and closed connections"
          onClick={() => {
            applyPending();
            clearStore(store);
          }}
        >
          <ClearIcon />
        </button>
      </CaptureControls>
      {dropped > 0 && (
        <span class="toolbar-notice" title="To stay within the panel's message and memory budgets, the connections holding the most gave up their oldest messages.">
          {formatCount(dropped)} dropped (budget)
        </span>
      )}
      {missed > 0 && (
        <span class="toolbar-notice" title="Sequence numbers show events that never reached the panel (dropped by the page's bounded buffers, or lost while the extension restarted).">
          {formatCount(missed)} missed
        </span>
      )}
      <span class="toolbar-divider" />
      <ToolbarToggle label="Rules" title="Intercept rules and breakpoints for this page" pressed={rules.shown} onToggle={rules.toggle} />
      {activeRules > 0 && (
        <span class="toolbar-rules-active" title="Enabled rules act on this page's traffic while DevTools stays open">
          {activeRules === 1 ? '1 rule active' : `${formatCount(activeRules)} rules active`}
        </span>
      )}
      {folded ? <OverflowTools>{foldable}</OverflowTools> : foldable}
      {link.value === 'reconnecting' && <span class="toolbar-notice">Reconnecting to the extension…</span>}
      {link.value === 'stopped' && <span class="toolbar-notice">Disconnected: reopen DevTools to resume</span>}
    </div>
  );
}
