/**
 * Request/response pairs across a connection's messages (Socket.IO acks, JSON-RPC ids, GraphQL
 * operation ids, SignalR invocation ids...), built incrementally as messages are decoded, in
 * order. The decoders give each message a correlation key scoped to its connection; a response
 * pairs with the latest earlier request of its key (ids get reused over a connection's life).
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
  /** Adds a decoded message of connection `connIndex` (message id `id`) with its correlation. */
  add(connIndex: number, id: number, correlation: Correlation): void;
  /** The messages paired with `id`: its request, or its responses in order. */
  linksOf(id: number): readonly CorrelationLink[];
  /** Forgets a connection's open requests and the links of the given messages (its re-decode). */
  forget(connIndex: number, ids: Iterable<number>): void;
}

export const MAX_LINKS_PER_MESSAGE = 16;
const MAX_OPEN_REQUESTS = 100_000;
const MAX_LINKED_MESSAGES = 200_000;

const NO_LINKS: readonly CorrelationLink[] = [];

export function createCorrelationIndex(): CorrelationIndex {
  /** `<connIndex> <key>` → the latest request's id. */
  const openRequests = createRecentMap<string, number>(MAX_OPEN_REQUESTS);
  const links = createRecentMap<number, CorrelationLink[]>(MAX_LINKED_MESSAGES);
  const keyOf = (connIndex: number, key: string): string => `${connIndex} ${key}`;

  function link(id: number, to: CorrelationLink): void {
    const list = links.recall(id) ?? [];
    if (list.length >= MAX_LINKS_PER_MESSAGE || list.some((l) => l.partner === to.partner)) return;
    list.push(to);
    links.remember(id, list);
  }

  return {
    add(connIndex, id, { key, role }) {
      const scoped = keyOf(connIndex, key);
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
    forget(connIndex, ids) {
      const prefix = `${connIndex} `;
      for (const key of [...openRequests.keys()]) if (key.startsWith(prefix)) openRequests.forget(key);
      for (const id of ids) links.forget(id);
    },
  };
}
