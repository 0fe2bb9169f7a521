/**
 * The sidebar's entries: a connection alone, or the transports of one session together (a
 * Socket.IO session that started on polling and upgraded to a WebSocket is one entry). A session
 * takes the place of its first transport; one seen over a single transport stays a plain
 * connection. Pure.
 */
import type { Connection } from '../store/connection';
import type { SessionFamily, TransportSession } from './session-key';

export type SidebarEntry =
  | { type: 'connection'; connection: Connection }
  | {
      type: 'session';
      family: SessionFamily;
      key: string;
      id: string;
      /** In order of appearance: the polling channel, then what it upgraded to. */
      transports: readonly Connection[];
    };

export function groupConnections(connections: readonly Connection[], sessionOf: (c: Connection) => TransportSession | null): SidebarEntry[] {
  const byKey = new Map<string, { session: TransportSession; transports: Connection[] }>();
  for (const connection of connections) {
    const session = sessionOf(connection);
    if (!session) continue;
    const group = byKey.get(session.key);
    if (group) group.transports.push(connection);
    else byKey.set(session.key, { session, transports: [connection] });
  }
  const entries: SidebarEntry[] = [];
  for (const connection of connections) {
    const session = sessionOf(connection);
    const group = session && byKey.get(session.key);
    if (!group || group.transports.length < 2) entries.push({ type: 'connection', connection });
    else if (group.transports[0] === connection) {
      const { family, key, id } = group.session;
      entries.push({ type: 'session', family, key, id, transports: group.transports });
    }
  }
  return entries;
}

/** The connections an entry stands for. */
export const transportsOf = (entry: SidebarEntry): readonly Connection[] => (entry.type === 'session' ? entry.transports : [entry.connection]);

/**
 * The connection selecting an entry selects: a session's newest transport, the one its traffic
 * goes over now (and the composer sends on); the store shows the whole session for any of them.
 */
export const selectionOf = (entry: SidebarEntry): Connection => transportsOf(entry).at(-1) as Connection;

/** The entry holding a connection. */
export const entryOf = (entries: readonly SidebarEntry[], id: string | null): SidebarEntry | undefined =>
  id === null ? undefined : entries.find((e) => transportsOf(e).some((c) => c.id === id));

const FAMILY_NAMES: Record<SessionFamily, string> = { 'socket.io': 'Socket.IO', sockjs: 'SockJS', signalr: 'SignalR' };

/** "Socket.IO session". */
export const sessionTitle = (family: SessionFamily): string => `${FAMILY_NAMES[family]} session`;

/** Its transports in order, e.g. `POLL→WS`. */
export const transportPath = (transports: readonly Pick<Connection, 'kind'>[]): string =>
  transports.map((c) => (c.kind === 'ws' ? 'WS' : c.kind === 'sse' || c.kind === 'stream' ? 'STREAM' : c.kind === 'poll' ? 'POLL' : '?')).join('→');
