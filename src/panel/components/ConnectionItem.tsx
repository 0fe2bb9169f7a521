/**
 * One entry of the sidebar: a connection (kind, where it goes, its state and its traffic), or a
 * transport session (a Socket.IO session that upgraded from polling to a WebSocket) with a line
 * per transport.
 */
import type { ConnId } from '../../shared/protocol';
import { usePanelApp } from '../app-context';
import { connectionLabel, connectionTitle, kindBadge, stateLabel } from '../format/connection-label';
import { formatBytes } from '../format/size';
import { formatClock, formatDuration, formatExactTime } from '../format/time';
import { formatCount, plural } from '../format/count';
import { isBlockedByRule } from '../rules/blocked';
import { expectedMessages, type Connection } from '../store/connection';
import { selectionOf, sessionTitle, transportPath, transportsOf, type SidebarEntry } from '../session/grouping';
import { WorkerBadge } from './WorkerBadge';

/** Connection ids are page-made strings; DOM ids use the store's small index instead. */
export const connectionOptionId = (c: Pick<Connection, 'index'>): string => `connection-${c.index}`;

/** A session's option is named after its first transport, which the sidebar lists nowhere else. */
export const entryOptionId = (entry: SidebarEntry): string => connectionOptionId(transportsOf(entry)[0] as Connection);

const trafficTitle = (what: string, messages: number, bytes: number): string => `${what}: ${plural(messages, 'message')}, ${plural(bytes, 'byte')}`;

interface Props {
  entry: SidebarEntry;
  selected: boolean;
  onSelect: (id: ConnId) => void;
  /** Epoch ms, for the age of live connections. */
  now: number;
  /** Its messages the panel holds now, by connection. */
  keptOf: (c: Connection) => number;
}

function Traffic({ c }: { c: Connection }) {
  return (
    <span class="traffic">
      <span title={trafficTitle('Sent', c.messagesOut, c.bytesOut)}>
        ↑{formatCount(c.messagesOut)} · {formatBytes(c.bytesOut)}
      </span>
      <span title={trafficTitle('Received', c.messagesIn, c.bytesIn)}>
        ↓{formatCount(c.messagesIn)} · {formatBytes(c.bytesIn)}
      </span>
    </span>
  );
}

function StateText({ c }: { c: Connection }) {
  const { imports, rules } = usePanelApp();
  const importedFrom = imports.sources.value.get(c.id);
  const blocked = importedFrom === undefined && !c.previousPage && isBlockedByRule(c, rules.blocked.value);
  return (
    <span class={`connection-state state-${c.state.phase}`} title={blocked ? `${stateLabel(c.state)}: its URL matches a block rule` : undefined}>
      {importedFrom !== undefined ? `imported: ${importedFrom}` : c.previousPage ? 'previous page' : blocked ? 'Blocked by rule' : stateLabel(c.state)}
    </span>
  );
}

/** When it started and how long it has lasted (a session: from its first transport to its last one's end). */
function Timing({ transports, now }: { transports: readonly Connection[]; now: number }) {
  const first = transports[0] as Connection;
  const previousPage = transports.every((c) => c.previousPage);
  const end = transports.some((c) => c.endTime === null) ? null : Math.max(...transports.map((c) => c.endTime ?? 0));
  const interval = first.http?.intervalMs;
  return (
    <div class="connection-line connection-stats">
      <span title={formatExactTime(first.startTime)}>started {formatClock(first.startTime)}</span>
      {!previousPage && <span title={end === null ? 'Open for' : 'Lasted'}>{formatDuration((end ?? now) - first.startTime)}</span>}
      {interval !== undefined && <span title="A polled URL: the interval between its requests">every {formatDuration(interval)}</span>}
    </div>
  );
}

function Kept({ kept, expected }: { kept: number; expected: number }) {
  if (kept >= expected) return null;
  return (
    <div
      class="connection-line connection-stats connection-kept"
      title="Frametap's budgets keep each connection's newest messages and give up the oldest of the connection holding the most; the totals above count every message."
    >
      {formatCount(kept)} of {formatCount(expected)} kept
    </div>
  );
}

export function ConnectionItem({ entry, selected, onSelect, now, keptOf }: Props) {
  const transports = transportsOf(entry);
  const kept = transports.reduce((sum, c) => sum + keptOf(c), 0);
  const expected = transports.reduce((sum, c) => sum + expectedMessages(c), 0);
  const option = {
    id: entryOptionId(entry),
    class: transports.every((c) => c.previousPage) ? 'connection previous-page' : 'connection',
    role: 'option' as const,
    'aria-selected': selected,
    onClick: () => onSelect(selectionOf(entry).id),
  };
  if (entry.type === 'connection') {
    const c = entry.connection;
    return (
      <div {...option} title={connectionTitle(c)}>
        <div class="connection-line">
          <span class={`badge badge-${c.kind}`}>{kindBadge(c)}</span>
          <span class="connection-url">{connectionLabel(c)}</span>
        </div>
        {c.worker && (
          <div class="connection-line">
            <WorkerBadge worker={c.worker} />
          </div>
        )}
        <div class="connection-line connection-stats">
          <StateText c={c} />
          <Traffic c={c} />
        </div>
        <Timing transports={transports} now={now} />
        <Kept kept={kept} expected={expected} />
      </div>
    );
  }
  const path = transportPath(transports);
  return (
    <div {...option} title={`${sessionTitle(entry.family)} ${entry.id}\n${transports.map(connectionTitle).join('\n\n')}`}>
      <div class="connection-line">
        <span class="badge badge-ws" title={`Transports in order: ${path}`}>
          {path}
        </span>
        <span class="connection-url">{sessionTitle(entry.family)}</span>
      </div>
      <div class="connection-line connection-stats">
        <span class="connection-url">
          {entry.id} · {connectionLabel(transports[0] as Connection)}
        </span>
      </div>
      {transports.map((c) => (
        <div key={c.id} class="connection-line connection-stats" title={connectionTitle(c)}>
          <span class={`badge badge-${c.kind}`}>{kindBadge(c)}</span>
          <StateText c={c} />
          <Traffic c={c} />
        </div>
      ))}
      <Timing transports={transports} now={now} />
      <Kept kept={kept} expected={expected} />
    </div>
  );
}
