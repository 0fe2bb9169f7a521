/**
 * Hands hook events to the content relay in batches, over the private channel.
 *
 * Events are queued and flushed HOOK_FLUSH_DELAY_MS after the first one, or at once when the
 * batch is big, so that a page sending thousands of messages in one synchronous loop costs one
 * channel event per batch, and no batch comes near the port's message limit. Until the channel
 * is open, events wait (at most MAX_PREHANDSHAKE_EVENTS; later ones are dropped, and the gap in
 * their sequence numbers tells the panel).
 */
import { EVENT_HOOK_BATCH, HOOK_FLUSH_DELAY_MS, MAX_PORT_MESSAGE_BYTES, MAX_PREHANDSHAKE_EVENTS } from '../shared/constants';
import { payloadLength } from '../shared/events';
import type { HookEvent } from '../shared/protocol';
import { CustomEventCtor, apply, dispatchEvent, nativeSetTimeout } from './natives';
import { batchJson } from './serialize';

/** Enough to keep the channel cheap under a flood, small enough to keep each batch prompt. */
export const MAX_BATCH_EVENTS = 1000;
/**
 * Payload characters per batch. One frame's payload may alone be bigger (a 16 MiB capture is
 * 21 MiB of base64); it then travels alone, still under MAX_PORT_MESSAGE_BYTES.
 */
export const MAX_BATCH_PAYLOAD = MAX_PORT_MESSAGE_BYTES / 8;

export type Emit = (event: HookEvent) => void;

export interface Emitter {
  emit: Emit;
  /** Starts delivery on the private channel, beginning with what waited for it. */
  connect(channel: EventTarget): void;
  /** The relay is gone for good (extension reloaded or removed): drop everything from now on. */
  stop(): void;
  /**
   * The document is being hidden for good or for the back/forward cache: no timer may run before
   * it goes, so what waits is delivered now, and so is everything until it is shown again (a
   * page's own pagehide handler may still send).
   */
  setHidden(hidden: boolean): void;
}

export function createEmitter(): Emitter {
  let channel: EventTarget | null = null;
  let queue: HookEvent[] = [];
  let queuedPayload = 0;
  let flushScheduled = false;
  let stopped = false;
  let hidden = false;

  function flush(): void {
    flushScheduled = false;
    if (!channel || queue.length === 0) return;
    const detail = batchJson(queue);
    queue = [];
    queuedPayload = 0;
    // Every dictionary member is given, so that none is looked up on Object.prototype.
    const batch = new CustomEventCtor(EVENT_HOOK_BATCH, { bubbles: false, cancelable: false, composed: false, detail });
    apply(dispatchEvent, channel, [batch]);
  }

  function enqueue(event: HookEvent): void {
    const payload = payloadLength(event);
    if (queue.length > 0 && queuedPayload + payload > MAX_BATCH_PAYLOAD) flush();
    // Indexed store, not push(): the page may have replaced Array.prototype.push.
    queue[queue.length] = event;
    queuedPayload += payload;
    if (hidden || queue.length >= MAX_BATCH_EVENTS || queuedPayload >= MAX_BATCH_PAYLOAD) flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      apply(nativeSetTimeout, undefined, [flush, HOOK_FLUSH_DELAY_MS]);
    }
  }

  return {
    emit(event) {
      if (stopped) return;
      if (channel) enqueue(event);
      else if (queue.length < MAX_PREHANDSHAKE_EVENTS) queue[queue.length] = event;
    },
    connect(target) {
      channel = target;
      const waiting = queue;
      queue = [];
      for (let i = 0; i < waiting.length; i++) enqueue(waiting[i] as HookEvent);
    },
    setHidden(next) {
      hidden = next;
      if (hidden) flush();
    },
    stop() {
      stopped = true;
      channel = null;
      queue = [];
      queuedPayload = 0;
    },
  };
}
