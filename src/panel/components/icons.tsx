/** The few toolbar icons, drawn inline so that the panel needs no icon font. */

/** DevTools' "clear" icon: a circle with a slash. */
export function ClearIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" class="icon">
      <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.5" />
      <path d="M4.2 11.8 11.8 4.2" stroke="currentColor" stroke-width="1.5" />
    </svg>
  );
}

/** DevTools' record button: a red dot while recording, a grey one while paused. */
export function RecordIcon({ recording }: { recording: boolean }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" class={recording ? 'icon icon-recording' : 'icon'}>
      <circle cx="8" cy="8" r="5" fill="currentColor" />
    </svg>
  );
}

/** A gear, for the settings. */
export function GearIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" class="icon">
      <circle cx="8" cy="8" r="2.2" fill="none" stroke="currentColor" stroke-width="1.5" />
      <path
        d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4"
        stroke="currentColor"
        stroke-width="1.5"
        stroke-linecap="round"
      />
    </svg>
  );
}
