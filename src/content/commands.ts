/**
 * Hands the panel's commands to the page hook over the private channel and returns its answer.
 *
 * The hook handles a command synchronously, inside the dispatch, and answers with one
 * EVENT_COMMAND_RESULT on the same channel before dispatchEvent returns; so there is never more
 * than one command in flight and no answer to match. Only strings cross between the worlds.
 */
import { EVENT_COMMAND, EVENT_COMMAND_RESULT } from '../shared/constants';
import { isCommandResult } from '../shared/guards';
import type { CommandResult, HookCommand } from '../shared/protocol';

export interface CommandRelay {
  /** Starts using the channel once the handshake with the hook is done. */
  connect(channel: EventTarget): void;
  run(command: HookCommand): CommandResult;
}

const NOT_HOOKED: CommandResult = { ok: false, error: 'Frametap is not active in this frame' };
const NO_ANSWER: CommandResult = { ok: false, error: 'The page hook did not answer' };

export function createCommandRelay(): CommandRelay {
  let channel: EventTarget | null = null;
  let answer: unknown = null;
  let awaiting = false;

  function onResult(event: Event): void {
    if (!awaiting) return;
    awaiting = false;
    const detail = (event as CustomEvent<unknown>).detail;
    try {
      answer = typeof detail === 'string' ? JSON.parse(detail) : null;
    } catch {
      answer = null;
    }
  }

  return {
    connect(target) {
      channel = target;
      channel.addEventListener(EVENT_COMMAND_RESULT, onResult);
    },
    run(command) {
      if (!channel) return NOT_HOOKED;
      answer = null;
      awaiting = true;
      channel.dispatchEvent(new CustomEvent(EVENT_COMMAND, { detail: JSON.stringify(command) }));
      awaiting = false;
      return isCommandResult(answer) ? answer : NO_ANSWER;
    },
  };
}
