/**
 * The private channel between the page hook (MAIN world) and the content relay (isolated world).
 *
 * Both ends run at document_start, before any page script, in an order Chrome does not promise.
 * Each end creates a detached element and announces it with one MouseEvent on `window` whose
 * `relatedTarget` is that element (DOM nodes are shared between worlds; JS objects are not). The
 * end that hears the other's announcement acknowledges on the announced element, and both then
 * use it. The element is never inserted in the document, so no page script can reach it, listen
 * on it or dispatch forged events on it; and the two announcements happen before the page has a
 * listener, so the page sees nothing at all.
 */
import { EVENT_HANDSHAKE, EVENT_HANDSHAKE_ACK } from './constants';

export function openPrivateChannel(onReady: (channel: EventTarget) => void): void {
  const mine = document.createElement('span');
  let ready = false;
  const settle = (channel: EventTarget): void => {
    if (ready) return;
    ready = true;
    window.removeEventListener(EVENT_HANDSHAKE, onAnnounce, true);
    onReady(channel);
  };
  const onAnnounce = (event: Event): void => {
    const theirs = (event as MouseEvent).relatedTarget;
    if (!theirs || theirs === mine) return;
    theirs.dispatchEvent(new Event(EVENT_HANDSHAKE_ACK));
    settle(theirs);
  };

  // If the other end is already listening, it acknowledges synchronously inside dispatchEvent.
  mine.addEventListener(EVENT_HANDSHAKE_ACK, () => settle(mine), { once: true });
  window.dispatchEvent(new MouseEvent(EVENT_HANDSHAKE, { relatedTarget: mine }));
  if (ready) return;
  window.addEventListener(EVENT_HANDSHAKE, onAnnounce, true);
  // Chrome injects both ends back to back, so the wait is normally over before any page script
  // runs. Should the other end never come, stop listening before a page could pose as it.
  document.addEventListener(
    'DOMContentLoaded',
    () => window.removeEventListener(EVENT_HANDSHAKE, onAnnounce, true),
    { once: true },
  );
}
