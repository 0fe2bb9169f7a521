/**
 * The paused messages the bar offers, pure: the store's queue (oldest first) without those of
 * connections that are gone and those whose release is already on its way, and the command
 * that lets one go.
 */
import type { HookCommand } from '../../shared/protocol';
import { isFinished, type Connection } from '../store/connection';
import type { PausedMessage } from '../store/intercepts';

export const holdKey = (p: Pick<PausedMessage, 'conn' | 'hold'>): string => `${p.conn}\n${p.hold}`;

/** Those the user can still let go, oldest first. */
export function pausedToOffer(queue: readonly PausedMessage[], connections: readonly Connection[], releasing: ReadonlySet<string>): PausedMessage[] {
  const live = new Set(connections.filter((c) => !isFinished(c)).map((c) => c.id));
  return queue.filter((p) => live.has(p.conn) && !releasing.has(holdKey(p)));
}

/** Only text the panel holds whole can be edited: a cut or binary message goes on as the page made it. */
export const isEditable = (p: PausedMessage): boolean => p.opcode === 'text' && !p.truncated;

/** Continue (with `text` when the user changed it), or Drop. */
export function releaseCommand(p: PausedMessage, outcome: { drop: true } | { drop: false; text: string }): HookCommand {
  if (outcome.drop) return { op: 'release', conn: p.conn, hold: p.hold, drop: true };
  const edited = isEditable(p) && outcome.text !== p.data;
  return edited ? { op: 'release', conn: p.conn, hold: p.hold, drop: false, data: outcome.text } : { op: 'release', conn: p.conn, hold: p.hold, drop: false };
}
