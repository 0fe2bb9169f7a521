/** The outcome of the last command: a polite status when it worked, an alert when it did not. */
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { CommandResult } from '../../shared/protocol';

export interface StatusLine {
  ok: boolean;
  text: string;
}

/** The latest outcome, and a runner that records it; a slower earlier command cannot overwrite a later one. */
export function useCommandStatus(): { status: StatusLine | null; track(result: Promise<CommandResult>, success: string): Promise<boolean> } {
  const status = useSignal<StatusLine | null>(null);
  const latest = useRef(0);
  return {
    status: status.value,
    async track(result, success) {
      const ticket = ++latest.current;
      status.value = null;
      const outcome = await result;
      if (ticket === latest.current) status.value = outcome.ok ? { ok: true, text: success } : { ok: false, text: outcome.error };
      return outcome.ok;
    },
  };
}

export function CommandStatus({ status }: { status: StatusLine | null }) {
  return status && !status.ok ? (
    <span class="command-error" role="alert">
      {status.text}
    </span>
  ) : (
    <span class="command-ok" role="status">
      {status?.text ?? ''}
    </span>
  );
}
