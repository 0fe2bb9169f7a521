/**
 * Request/response pairs across a connection's messages (Socket.IO acks, JSON-RPC ids, GraphQL
 * operation ids, SignalR invocation ids...), built incrementally as messages are decoded, in
 * order. The decoders give each message a correlation key; the index scopes it to the message's
 * connection, or to the transport session its connection is part of (a Socket.IO session's
 * polling channel and WebSocket share ack ids), and a response pairs with the latest earlier
 * request of its key in its scope (ids get reused over a connection's life).
 *
 * Bounded: the open requests and the links are kept for the most recent messages only, and one
 * request keeps at most MAX_LINKS_PER_MESSAGE answers (a stream of 10,000 items answers one
 * invocation), so a hostile stream cannot grow the index without limit.
 */
import { createRecentMap } from '../../decode/recent-names';
import type { Correlation } from '../../decode';

export interface CorrelationLink {
  /** What the other message is to this one. */
  role: 'request' | 'response';
  /** The other message's id in the log. */
  partner: number;
}

export interface CorrelationIndex {
  /** Adds a decoded message (message id `id`) with its correlation, paired within `scope`. */
  add(scope: string, id: number, correlation: Correlation): void;
  /** The messages paired with `id`: its request, or its responses in order. */
  linksOf(id: number): readonly CorrelationLink[];
  /**
   * Forgets the given messages: the requests they left open and their links (a connection decoded
   * anew). Only theirs: the other transports of a session keep their open requests.
   */
  forget(ids: Iterable<number>): void;
}

export const MAX_LINKS_PER_MESSAGE = 16;
const MAX_OPEN_REQUESTS = 100_000;
const MAX_LINKED_MESSAGES = 200_000;

const NO_LINKS: readonly CorrelationLink[] = [];

export function createCorrelationIndex(): CorrelationIndex {
  /** `<scope> <key>` → the latest request's id. */
  const openRequests = createRecentMap<string, number>(MAX_OPEN_REQUESTS);
  const links = createRecentMap<number, CorrelationLink[]>(MAX_LINKED_MESSAGES);
  // Scopes are connection indexes or session keys (which hold spaces): a newline cannot be in either.
  const keyOf = (scope: string, key: string): string => `${scope}\n${key}`;

  function link(id: number, to: CorrelationLink): void {
    const list = links.recall(id) ?? [];
    if (list.length >= MAX_LINKS_PER_MESSAGE || list.some((l) => l.partner === to.partner)) return;
    list.push(to);
    links.remember(id, list);
  }

  return {
    add(scope, id, { key, role }) {
      const scoped = keyOf(scope, key);
      if (role === 'request') {
        openRequests.remember(scoped, id);
        return;
      }
      const request = openRequests.recall(scoped);
      if (request === undefined || request === id) return;
      link(id, { role: 'request', partner: request });
      link(request, { role: 'response', partner: id });
    },
    linksOf: (id) => links.recall(id) ?? NO_LINKS,
    forget(ids) {
      const forgotten = new Set(ids);
      if (forgotten.size === 0) return;
      for (const key of [...openRequests.keys()]) if (forgotten.has(openRequests.recall(key) ?? -1)) openRequests.forget(key);
      for (const id of forgotten) links.forget(id);
    },
  };
}
