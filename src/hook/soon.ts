/**
 * Runs a callback in a task of its own, as soon as the page's other tasks let it: how the emitter
 * yields between the slices of a large hand-over. Timers are throttled to about one a second in a
 * page that is hidden (the panel's own window may cover it); a message on a private channel is not.
 */
import { MessageChannelCtor, apply, messagePortPostMessage, setMessagePortOnmessage } from './natives';

const NOTHING: readonly [null] = [null];

/** Must be called while the page's scripts have not run yet: it reads the channel's ports. */
export function createSoon(run: () => void): () => void {
  const { port1, port2 } = new MessageChannelCtor();
  // Setting `onmessage` also starts the port.
  apply(setMessagePortOnmessage, port1, [run]);
  return () => apply(messagePortPostMessage, port2, NOTHING);
}
