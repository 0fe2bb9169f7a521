/**
 * This document's recent events, replayed to a panel that attaches late (Chrome's own DevTools
 * cannot show connections opened before it was opened; Frametap can).
 *
 * Bounded by event count and payload bytes; the oldest events go first. Each connection's
 * `create` event and its latest event are always kept, so every dropped event leaves a gap in
 * its connection's sequence numbers, and the panel can say exactly how many were lost.
 */
import { payloadLength } from '../shared/events';
import type { ConnId, CreateEvent, HookEvent } from '../shared/protocol';

export interface BacklogLimits {
  maxEvents: number;
  maxPayloadBytes: number;
}

export interface Backlog {
  push(events: readonly HookEvent[]): void;
  /** Everything retained, each connection's events in sequence order. */
  snapshot(): HookEvent[];
  /** Lets go of everything: nobody will ever ask for it (the extension is gone). */
  clear(): void;
}

export function createBacklog(limits: BacklogLimits): Backlog {
  const creates = new Map<ConnId, CreateEvent>();
  /** The newest seq seen per connection: an event holding it is never dropped. */
  const latestSeq = new Map<ConnId, number>();
  /** Latest events moved aside when they reached the front of the queue. */
  const keptLatest = new Map<ConnId, HookEvent>();
  let queue: HookEvent[] = [];
  let head = 0;
  let bytes = 0;

  const size = (): number => queue.length - head;

  function forgetConnection(conn: ConnId): void {
    creates.delete(conn);
    latestSeq.delete(conn);
    keptLatest.delete(conn);
  }

  function trim(): void {
    while (size() > limits.maxEvents || (bytes > limits.maxPayloadBytes && size() > 0)) {
      const oldest = queue[head] as HookEvent;
      head += 1;
      bytes -= payloadLength(oldest);
      if (latestSeq.get(oldest.conn) === oldest.seq) keptLatest.set(oldest.conn, oldest);
    }
    // Connections are kept too, but not without end: a page that opens sockets in a loop.
    for (const conn of creates.keys()) {
      if (creates.size <= limits.maxEvents) break;
      forgetConnection(conn);
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  }

  return {
    push(events) {
      for (const event of events) {
        latestSeq.set(event.conn, event.seq);
        keptLatest.delete(event.conn);
        if (event.type === 'create') {
          creates.set(event.conn, event);
          continue;
        }
        queue.push(event);
        bytes += payloadLength(event);
      }
      trim();
    },
    snapshot() {
      return [...creates.values(), ...keptLatest.values(), ...queue.slice(head)];
    },
    clear() {
      creates.clear();
      latestSeq.clear();
      keptLatest.clear();
      queue = [];
      head = 0;
      bytes = 0;
    },
  };
}
