/**
 * Groups a flat list of hook events into connections, in the order the list first mentions them:
 * what both exporters walk. The list may be filtered (an export of "what the filter shows"), so
 * anything but frames may be missing; a connection whose `create` is missing still exports.
 */
import type { CloseEvent, ConnId, CreateEvent, ErrorEvent, FrameEvent, HookEvent, OpenEvent } from '../shared/protocol';

export type LifecycleEvent = OpenEvent | ErrorEvent | CloseEvent;

export interface ConnectionEvents {
  conn: ConnId;
  create?: CreateEvent;
  /** The first open: an EventSource opens again after each reconnection. */
  open?: OpenEvent;
  /** Opens, errors and closes in the order they came. */
  lifecycle: LifecycleEvent[];
  frames: FrameEvent[];
}

export function groupByConnection(events: readonly HookEvent[]): ConnectionEvents[] {
  const byConn = new Map<ConnId, ConnectionEvents>();
  for (const event of events) {
    let group = byConn.get(event.conn);
    if (!group) {
      group = { conn: event.conn, lifecycle: [], frames: [] };
      byConn.set(event.conn, group);
    }
    switch (event.type) {
      case 'create':
        group.create = event;
        break;
      case 'open':
        group.open ??= event;
        group.lifecycle.push(event);
        break;
      case 'close':
      case 'error':
        group.lifecycle.push(event);
        break;
      case 'frame':
        group.frames.push(event);
        break;
    }
  }
  return [...byConn.values()];
}

/**
 * A connection's kind when its `create` is not in the list: only a poll's responses carry a status
 * (a stream's has it on its open), only HTTP requests a method, only event-stream frames an event.
 */
export function kindOf(group: ConnectionEvents): CreateEvent['kind'] {
  if (group.create) return group.create.kind;
  if (group.frames.some((f) => f.status !== undefined)) return 'poll';
  if (group.frames.some((f) => f.method !== undefined)) return 'stream';
  return group.frames.some((f) => f.event !== undefined) ? 'sse' : 'ws';
}

/**
 * When the connection started, as far as the list tells (a group holds at least one event): a
 * stream with its request, before the response that made it one.
 */
export function startOf(group: ConnectionEvents): number {
  const { create } = group;
  if (create) return create.requestTime ?? create.time;
  return Math.min(group.lifecycle[0]?.time ?? Infinity, group.frames[0]?.time ?? Infinity);
}

/** When the connection's last recorded event happened. */
export function endOf(group: ConnectionEvents): number {
  return Math.max(startOf(group), group.lifecycle.at(-1)?.time ?? -Infinity, group.frames.at(-1)?.time ?? -Infinity);
}
