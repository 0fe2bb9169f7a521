/** The `?` beside the filter box: a popover that documents the query syntax, with examples. */
import { useEffect, useRef, useState } from 'preact/hooks';
import './FilterHelp.css';
import { usePointerOutside } from './usePointerOutside';

const SYNTAX: readonly (readonly [example: string, meaning: string])[] = [
  ['hello world', 'text anywhere in a message, case-insensitive'],
  ['/^ping$/i', 'a regular expression with its flags'],
  ['dir:out  dir:in', 'sent or received (also dir:sent, dir:received)'],
  ['type:text  type:binary  type:lifecycle', 'frame type, or open, close, error and gap rows'],
  ['event:price', 'an EventSource event type'],
  ['size>1000  size<=2k  size>=1.5m', 'frame size in bytes (k = 1000, m = 1,000,000)'],
  ['conn:/echo', 'part of the connection URL; several conn: are alternatives'],
  ['is:intercepted  is:reply', 'a message an intercept rule acted on, or a rule’s fake reply'],
  ['action:drop  action:pause', 'what the rule did: drop, delay, rewrite, respond or pause'],
  ['is:worker  worker:sync', 'a connection of a web worker, or of one whose script URL or name has the text'],
  ['-dir:in  -ping', 'a leading - negates a term'],
];

export function FilterHelp() {
  const [openAt, setOpenAt] = useState<{ top: number; left: number } | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const open = openAt !== null;

  useEffect(() => {
    if (open) dialog.current?.focus();
  }, [open]);
  usePointerOutside(container, open, () => setOpenAt(null));

  const toggle = (event: MouseEvent): void => {
    const { bottom, left } = (event.currentTarget as HTMLElement).getBoundingClientRect();
    // Placed in the viewport, since the toolbar clips; kept inside it on a narrow panel.
    setOpenAt(open ? null : { top: bottom + 2, left: Math.max(0, Math.min(left, document.documentElement.clientWidth - 360)) });
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !open) return;
    event.preventDefault();
    event.stopPropagation();
    setOpenAt(null);
    button.current?.focus();
  };

  return (
    <div class="filter-help" ref={container} onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        class="toolbar-button filter-help-button"
        aria-label="Filter help"
        title="Filter help"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={toggle}
      >
        ?
      </button>
      {openAt && (
        <div
          ref={dialog}
          class="filter-help-popover"
          role="dialog"
          aria-label="Filter help"
          tabIndex={-1}
          style={{ top: `${openAt.top}px`, left: `${openAt.left}px` }}
        >
          <p>Words and terms mix freely; every term must hold. Words side by side are one text.</p>
          <dl>
            {SYNTAX.map(([example, meaning]) => (
              <div key={example} class="filter-help-row">
                <dt>
                  <code>{example}</code>
                </dt>
                <dd>{meaning}</dd>
              </div>
            ))}
          </dl>
          <p>
            For example <code>-dir:in size&gt;1k conn:/ws</code>. In the box, ↑ and ↓ recall recent queries and Esc clears it.
          </p>
        </div>
      )}
    </div>
  );
}
