/** What the export tests compare and check of imported events. */
import { expect } from 'vitest';
import { isHookEvent } from '../shared/guards';
import type { HookEvent } from '../shared/protocol';
import { isImportedConn, type ImportResult } from './import-builder';

/** Events per connection without the ids an import assigns anew; times to the microsecond. */
export function byConnection(events: readonly HookEvent[]): unknown[][] {
  const groups = new Map<string, unknown[]>();
  for (const { conn, seq: _seq, time, ...rest } of events) {
    const group = groups.get(conn) ?? [];
    group.push({ ...rest, time: Math.round(time * 1000) / 1000 });
    groups.set(conn, group);
  }
  return [...groups.values()];
}

export function imported(result: ImportResult): HookEvent[] {
  if (!result.ok) throw new Error(result.error);
  return result.events;
}

/**
 * What the panel's store checks of every event it takes: the guard, contiguous seq per connection
 * from a create. Checked in one assertion: the fuzz test calls this thousands of times.
 */
export function expectLoadable(events: readonly HookEvent[]): void {
  const next = new Map<string, number>();
  const problems: string[] = [];
  for (const event of events) {
    const expected = next.get(event.conn) ?? 0;
    if (!isHookEvent(event)) problems.push(`not a hook event: ${JSON.stringify(event)}`);
    else if (!isImportedConn(event.conn)) problems.push(`not an imported connection: ${event.conn}`);
    else if (event.seq !== expected) problems.push(`${event.conn}: seq ${event.seq}, expected ${expected}`);
    else if (event.seq === 0 && event.type !== 'create') problems.push(`${event.conn}: starts with ${event.type}`);
    next.set(event.conn, event.seq + 1);
  }
  expect(problems).toEqual([]);
}
