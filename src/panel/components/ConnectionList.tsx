/**
 * The sidebar: "All connections", then every connection of the tab, newest last, the transports
 * of one session (Socket.IO's polling channel and the WebSocket it upgraded to) as one entry.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConnId } from '../../shared/protocol';
import { usePanelApp } from '../app-context';
import { nextIndex } from '../grid/keyboard';
import { entryOf, groupConnections, selectionOf } from '../session/grouping';
import { ConnectionItem, entryOptionId } from './ConnectionItem';
import { WorkerCapture } from './WorkerCapture';

const CLOCK_TICK_MS = 1000;

/** The current time, ticking once a second while some connection is live (its age grows). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

const ALL_OPTION_ID = 'connection-all';
const PAGE_SIZE = 10;

interface Props {
  /** Shown as a drawer: called once the user has chosen (a click, Enter or Escape), to close it. */
  onChosen?: () => void;
}

export function ConnectionList({ onChosen }: Props) {
  const { store, tracker } = usePanelApp();
  const connections = store.connections.value;
  // What the log holds changes with every revision, not only with the connections; so does
  // what the tracker knows of sessions (a polling channel's is in its first packet).
  void store.revision.value;
  const entries = groupConnections(connections, (c) => tracker.sessionOf(c.index));
  const selected = store.selectedConnId.value;
  const selectedEntry = entryOf(entries, selected);
  const activeId = selectedEntry ? entryOptionId(selectedEntry) : ALL_OPTION_ID;
  const now = useNow(connections.some((c) => c.endTime === null && !c.previousPage));

  const select = (id: ConnId | null): void => {
    if (id === store.selectedConnId.value) return;
    store.selectedConnId.value = id;
    store.selectedMessageId.value = null;
  };

  useEffect(() => {
    document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const list = useRef<HTMLDivElement>(null);
  // A drawer opens to be used: the keyboard goes straight to the list.
  useEffect(() => {
    if (onChosen) list.current?.focus();
  }, []);

  const choose = (id: ConnId | null): void => {
    select(id);
    onChosen?.();
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (onChosen && (event.key === 'Enter' || event.key === 'Escape')) {
      event.preventDefault();
      onChosen();
      return;
    }
    const ids: (ConnId | null)[] = [null, ...entries.map((e) => selectionOf(e).id)];
    const next = nextIndex(event.key, selectedEntry ? entries.indexOf(selectedEntry) + 1 : 0, ids.length, PAGE_SIZE);
    if (next === null) return;
    event.preventDefault();
    select(ids[next] ?? null);
  };

  return (
    <div class="sidebar">
      <div ref={list} class="connection-list" role="listbox" aria-label="Connections" tabIndex={0} aria-activedescendant={activeId} onKeyDown={onKeyDown}>
        <div id={ALL_OPTION_ID} class="connection connection-all" role="option" aria-selected={selected === null} onClick={() => choose(null)}>
          All connections
        </div>
        {entries.map((entry) => (
          <ConnectionItem
            key={entryOptionId(entry)}
            entry={entry}
            selected={entry === selectedEntry}
            onSelect={choose}
            now={now}
            keptOf={(c) => store.log.retainedFramesOf(c.index)}
          />
        ))}
      </div>
      <WorkerCapture />
    </div>
  );
}
