/** The hook's end of the relay's controls (HookControl): read, checked, handed to the emitter. */
import { EVENT_HOOK_CONTROL } from '../shared/constants';
import type { HookControl } from '../shared/protocol';
import type { Emitter } from './emitter';
import { addEventListener, apply, customEventDetail, read } from './natives';
import { field, parseRelayText } from './relay-text';

function controlOf(json: object | null): HookControl | null {
  if (!json) return null;
  const op = field(json, 'op');
  if (op === 'detach') return { op };
  if (op === 'attach') {
    const replay = field(json, 'replay');
    return typeof replay === 'boolean' ? { op, replay } : null;
  }
  const maxBytes = field(json, 'maxBytes');
  // The relay passes on what the service worker clamped; this only keeps the budget a number.
  return op === 'budget' && typeof maxBytes === 'number' && maxBytes === maxBytes ? { op, maxBytes } : null;
}

export function listenForControls(channel: EventTarget, emitter: Emitter): void {
  apply(addEventListener, channel, [
    EVENT_HOOK_CONTROL,
    (event: Event) => {
      const control = controlOf(parseRelayText(read(customEventDetail, event)));
      if (control) emitter.control(control);
    },
  ]);
}
