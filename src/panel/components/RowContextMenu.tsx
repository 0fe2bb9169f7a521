/**
 * The grid's row menu, as DevTools has on its network rows: right-click a row, or Shift+F10 or
 * the ContextMenu key on the selected one. Copy the payload (as is, or as JSON, or as a wscat or
 * websocat command line), show only its connection, hide messages like it, replay it.
 */
import type { JSX, RefObject } from 'preact';
import { createPortal } from 'preact/compat';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CommandResult, HookCommand } from '../../shared/protocol';
import { usePanelApp } from '../app-context';
import { copyText } from '../clipboard';
import { runOn } from '../composer/model';
import { replayOf } from '../composer/replay';
import { hideLike } from '../filter/hide-like';
import { prettyJson } from '../format/json';
import { shellCommand, type ShellTool } from '../format/shell-command';
import type { Connection } from '../store/connection';
import type { LogEntry } from '../store/message-log';
import type { Store } from '../store/store';
import { CommandStatus, type StatusLine } from '../composer/CommandStatus';
import { messageRowId } from './MessageRow';
import './RowContextMenu.css';
import { usePointerOutside } from './usePointerOutside';

/** How long the outcome of an action stays on screen. */
const STATUS_MS = 2000;
/** Kept between the menu and the viewport's edges. */
const EDGE_PX = 4;

interface MenuRequest {
  id: number;
  /** Viewport coordinates of the pointer, or of the row's corner. */
  x: number;
  y: number;
}

interface Item {
  label: string;
  /** Why it cannot be done here; the item is then disabled. */
  unavailable?: string;
  /** What it does, when its label does not say it all. */
  title?: string;
  /** What the status line says once it worked; a failure says its error. */
  done: string;
  run(): Promise<CommandResult>;
}

type Entry = Item | 'separator';

export interface RowMenu {
  /** For the grid's scroller: opens the menu on the row under the pointer. */
  onContextMenu(event: MouseEvent): void;
  /** For the grid's keydown: true when it opened the menu (and the key is used up). */
  onKeyDown(event: KeyboardEvent): boolean;
  /** The menu and the status line of its last action, for the grid pane. */
  element: JSX.Element;
}

const copied = (ok: boolean): CommandResult => (ok ? { ok: true } : { ok: false, error: 'Copy failed' });
const copy = (text: string): Promise<CommandResult> => copyText(text).then(copied);

export function useRowContextMenu(scroller: RefObject<HTMLElement | null>): RowMenu {
  const { store } = usePanelApp();
  const [request, setRequest] = useState<MenuRequest | null>(null);
  const [status, setStatus] = useState<StatusLine | null>(null);
  const latest = useRef(0);
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(null), STATUS_MS);
    return () => clearTimeout(timer);
  }, [status]);

  const open = (id: number, x: number, y: number): void => {
    store.selectedMessageId.value = id;
    setRequest({ id, x, y });
  };

  const onContextMenu = (event: MouseEvent): void => {
    const row = (event.target as Element).closest<HTMLElement>('[data-id]');
    if (row?.dataset.id === undefined) return;
    event.preventDefault();
    open(Number(row.dataset.id), event.clientX, event.clientY);
  };

  const onKeyDown = (event: KeyboardEvent): boolean => {
    const id = store.selectedMessageId.value;
    if (!((event.shiftKey && event.key === 'F10') || event.key === 'ContextMenu') || id === null || !store.log.has(id)) return false;
    event.preventDefault();
    // Under the row when it is on screen, else at the top of the grid.
    const row = scroller.current?.querySelector(`#${messageRowId(id)}`)?.getBoundingClientRect();
    const grid = scroller.current?.getBoundingClientRect();
    open(id, (row ?? grid)?.left ?? 0, row?.bottom ?? grid?.top ?? 0);
    return true;
  };

  const close = (refocus: boolean): void => {
    setRequest(null);
    if (refocus) scroller.current?.focus();
  };

  const act = (item: Item): void => {
    close(true);
    // A slower earlier action (a replay's round trip) must not overwrite a later one's outcome.
    const ticket = ++latest.current;
    void item.run().then((result) => {
      if (ticket === latest.current) setStatus(result.ok ? { ok: true, text: item.done } : { ok: false, text: result.error });
    });
  };

  const element = (
    <>
      {request && store.log.has(request.id) && <Menu request={request} onClose={close} onAct={act} />}
      {status && (
        <div class="grid-pill row-menu-status">
          <CommandStatus status={status} />
        </div>
      )}
    </>
  );
  return { onContextMenu, onKeyDown, element };
}

interface MenuProps {
  request: MenuRequest;
  onClose(refocus: boolean): void;
  onAct(item: Item): void;
}

function Menu({ request, onClose, onAct }: MenuProps) {
  const { store, tracker, commands } = usePanelApp();
  const menu = useRef<HTMLDivElement>(null);
  const entry = store.log.get(request.id);
  const connection = store.connectionsByIndex.value.get(entry.connIndex);

  // Kept inside the viewport: moved left of the pointer, or above it, when it would overflow.
  useLayoutEffect(() => {
    const el = menu.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const left = Math.max(EDGE_PX, Math.min(request.x, window.innerWidth - width - EDGE_PX));
    const top = request.y + height + EDGE_PX <= window.innerHeight ? request.y : Math.max(EDGE_PX, request.y - height);
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
    el.querySelector<HTMLElement>('[role="menuitem"]:not(:disabled)')?.focus();
  }, [request]);

  usePointerOutside(menu, true, () => onClose(false));
  useEffect(() => {
    const away = (): void => onClose(false);
    window.addEventListener('blur', away);
    window.addEventListener('resize', away);
    return () => {
      window.removeEventListener('blur', away);
      window.removeEventListener('resize', away);
    };
  }, [onClose]);

  if (!connection) return null;
  const decoded = tracker.decodedAt(request.id);
  const decodedName = decoded?.ok ? decoded.messages[0]?.name : undefined;
  const entries = menuEntries(store, entry, connection, decodedName, (command) => runOn(commands, connection, command));

  const onKeyDown = (event: KeyboardEvent): void => {
    const items = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? []);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const focus = (i: number): void => items[(i + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focus(at + 1);
        break;
      case 'ArrowUp':
        focus(at < 0 ? -1 : at - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(-1);
        break;
      case 'Escape':
        onClose(true);
        break;
      case 'Tab':
        onClose(true);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return createPortal(
    <div
      ref={menu}
      class="menu row-menu"
      role="menu"
      aria-label="Row actions"
      style={{ left: `${request.x}px`, top: `${request.y}px` }}
      onKeyDown={onKeyDown}
      // The ContextMenu key's own event lands here once the menu has the focus.
      onContextMenu={(event) => event.preventDefault()}
    >
      {entries.map((item, i) =>
        item === 'separator' ? (
          <div key={i} class="row-menu-separator" role="separator" />
        ) : (
          <button
            key={item.label}
            type="button"
            role="menuitem"
            class="menu-item"
            disabled={item.unavailable !== undefined}
            title={item.unavailable ?? item.title}
            onClick={() => onAct(item)}
          >
            {item.label}
          </button>
        ),
      )}
    </div>,
    document.body,
  );
}

const succeeded = (): Promise<CommandResult> => Promise.resolve({ ok: true });

function menuEntries(
  store: Store,
  entry: LogEntry,
  connection: Connection,
  decodedName: string | undefined,
  run: (command: HookCommand) => Promise<CommandResult>,
): Entry[] {
  const showConnection: Item = {
    label: 'Filter to this connection',
    unavailable: store.selectedConnId.value === connection.id ? 'Only this connection is shown already' : undefined,
    done: 'Showing one connection',
    run() {
      store.selectedConnId.value = connection.id;
      return succeeded();
    },
  };
  if (entry.kind !== 'frame') return [showConnection];

  const text = entry.opcode === 'text';
  const json = text ? prettyJson(entry.data) : null;
  const shell = (tool: ShellTool, label: string): Item => {
    const command = shellCommand(tool, { url: connection.url, protocols: connection.requestedProtocols }, entry.data);
    const unavailable =
      connection.kind !== 'ws'
        ? 'Only a WebSocket message can be sent from a shell'
        : !text
          ? 'Only a text message can be sent from a shell'
          : entry.truncated
            ? 'Only part of this message was captured'
            : command === null
              ? 'A shell cannot pass a NUL character'
              : undefined;
    return { label, unavailable, done: `Copied ${tool} command`, run: () => copy(command ?? '') };
  };
  const hide = hideLike({ opcode: entry.opcode, data: entry.data, event: entry.event, decodedName });
  const replay = replayOf(entry, connection);

  const items: Entry[] = [
    { label: 'Copy payload', title: text ? undefined : 'Binary payloads are copied as base64', done: 'Copied payload', run: () => copy(entry.data) },
    {
      label: 'Copy as JSON',
      unavailable: json?.kind === 'pretty' ? undefined : json?.kind === 'too-large' || json?.kind === 'too-deep' ? 'Too big to pretty-print' : 'Not JSON',
      done: 'Copied as JSON',
      run: () => copy(json?.kind === 'pretty' ? json.text : ''),
    },
    shell('wscat', 'Copy as wscat command'),
    shell('websocat', 'Copy as websocat command'),
    'separator',
    showConnection,
    {
      label: 'Hide messages like this one',
      unavailable: hide ? undefined : 'The filter does not search binary payloads',
      title: hide?.description,
      done: 'Filter set, inverted',
      run() {
        if (hide) store.filter.value = { ...store.filter.value, text: hide.text, invert: true };
        return succeeded();
      },
    },
  ];
  if (replay) items.push('separator', { label: replay.label, unavailable: replay.unavailable, done: replay.success, run: () => run(replay.command) });
  return items;
}
