/**
 * The live connections the panel can act on: connection id → the socket or source, held weakly
 * (a socket the page dropped stays collectable), and the runner for its kind. An entry goes when
 * its connection ends, so a page that opens sockets in a loop does not grow this.
 *
 * A null-prototype object, not a Map: the page can patch `Map.prototype`, never this.
 */
import type { CommandResult, ConnId, HookCommand } from '../shared/protocol';
import type { Connection } from './connection';
import { WeakRefCtor, deref, objectCreate } from './natives';

export type CommandRunner<T extends object> = (target: T, connection: Connection, command: HookCommand) => CommandResult;

interface Entry {
  ref: WeakRef<object>;
  connection: Connection;
  run: CommandRunner<object>;
}

const entries = objectCreate(null) as Record<ConnId, Entry | undefined>;

export const failure = (error: string): CommandResult => ({ ok: false, error });
export const SUCCESS: CommandResult = { ok: true };

const GONE = failure('The connection no longer exists');
/** Paused messages are the interceptor's (commands.ts hands it their releases): no runner sees one. */
export const RELEASED_ELSEWHERE = failure('Paused messages are released by the interceptor');
export const NETWORK_DROP_ON_WEBSOCKETS = failure('A network drop can be simulated on WebSockets');

export function registerTarget<T extends object>(connection: Connection, target: T, run: CommandRunner<T>): void {
  entries[connection.id] = { ref: new WeakRefCtor(target), connection, run: run as CommandRunner<object> };
}

export function forgetTarget(connection: Connection): void {
  delete entries[connection.id];
}

export function runCommand(command: HookCommand): CommandResult {
  const entry = entries[command.conn];
  const target = entry && deref(entry.ref);
  if (!entry || !target) return GONE;
  try {
    return entry.run(target, entry.connection, command);
  } catch {
    // Runners validate before calling a native; should one throw anyway, the page must not see it.
    return failure('The page refused the command');
  }
}
