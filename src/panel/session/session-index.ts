/**
 * Every connection's transport session, as far as the panel knows it: from its URL, or for an
 * Engine.IO polling channel from its first open packet (the channel's later frames cannot change
 * it: a client that reconnects over the same channel starts a session the sidebar does not merge).
 * Fed the frames in order by the protocol tracker, which also scopes its correlations by it.
 */
import { createRecentMap } from '../../decode/recent-names';
import type { Connection } from '../store/connection';
import { engineSessionOfPacket, namesSessionInOpenPacket, sessionOfUrl, type TransportSession } from './session-key';

export interface SessionIndex {
  /** Reads an incoming frame of `connection` for what its URL did not say. O(1) for most frames. */
  observe(connection: Connection, dir: 'in' | 'out', data: string): void;
  /** The session of a connection, once known. */
  sessionOf(connection: Connection): TransportSession | null;
}

/** Connections remembered: far more than a sidebar lists. */
const MAX_CONNECTIONS = 10_000;

export function createSessionIndex(): SessionIndex {
  /** By connection index; null: known to have none (URLs never change). */
  const known = createRecentMap<number, TransportSession | null>(MAX_CONNECTIONS);

  function sessionOf(connection: Connection): TransportSession | null {
    const cached = known.recall(connection.index);
    if (cached !== undefined) return cached;
    // An Engine.IO polling channel waits for its open packet: not remembered as having none.
    if (namesSessionInOpenPacket(connection)) return null;
    const session = sessionOfUrl(connection);
    known.remember(connection.index, session);
    return session;
  }

  return {
    observe(connection, dir, data) {
      if (dir !== 'in' || !namesSessionInOpenPacket(connection) || known.recall(connection.index) !== undefined) return;
      const session = engineSessionOfPacket(connection, data);
      if (session) known.remember(connection.index, session);
    },
    sessionOf,
  };
}
