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
