/**
 * What the content relay has yet to post to the service worker, gathered for
 * RELAY_FLUSH_DELAY_MS so that a busy page costs tens of port messages a second, not hundreds.
 *
 * Nothing may wait on a timer in a document that is going away (an unloading document never runs
 * it): while the document is left or hidden, events go out at once.
 */
import { MAX_PORT_MESSAGE_BYTES, RELAY_FLUSH_DELAY_MS } from '../shared/constants';
import { payloadLength } from '../shared/events';
import type { HookEvent } from '../shared/protocol';

/** A big backlog of payload goes out without waiting for the timer. */
const MAX_WAITING_PAYLOAD = MAX_PORT_MESSAGE_BYTES / 8;

export interface Outbox {
  add(events: readonly HookEvent[]): void;
  /** Posts what waits now. */
  flush(): void;
  /** Forgets what waits: it went out another way (a backlog replay holds it too). */
  discard(): void;
  /** While true (the page is being left, or hidden), events are posted as they come. */
  setImmediate(immediate: boolean): void;
}

export function createOutbox(post: (events: HookEvent[]) => void, delayMs = RELAY_FLUSH_DELAY_MS): Outbox {
  let waiting: HookEvent[] = [];
  let waitingPayload = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let immediate = false;

  function discard(): void {
    clearTimeout(timer);
    timer = undefined;
    waiting = [];
    waitingPayload = 0;
  }

  function flush(): void {
    const events = waiting;
    discard();
    if (events.length > 0) post(events);
  }

  return {
    add(events) {
      for (const event of events) {
        waiting.push(event);
        waitingPayload += payloadLength(event);
      }
      if (immediate || waitingPayload >= MAX_WAITING_PAYLOAD) flush();
      else timer ??= setTimeout(flush, delayMs);
    },
    flush,
    discard,
    setImmediate(next) {
      immediate = next;
      if (immediate) flush();
    },
  };
}
