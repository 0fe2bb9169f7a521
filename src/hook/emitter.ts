/**
 * What becomes of each hook event: the document's backlog keeps it, and only while a panel reads
 * this document is it serialized and handed to the content relay, in batches of JSON text, over
 * the private channel.
 *
 * While nobody reads, nothing is serialized and nothing crosses worlds, except one signal per
 * document, without data, the first time there is traffic (EVENT_HOOK_ACTIVE): it lets the relay
 * find out whether a panel is already inspecting the tab.
 *
 * A panel that attaches gets everything kept first (the backlog's snapshot), then live events.
 * A Blob frame is read when it is next to go (one read at a time, the frames after it waiting),
 * and keeps its bytes from then on, for any later panel.
 * Live events leave HOOK_FLUSH_DELAY_MS after the first of a batch (HOOK_BUSY_FLUSH_DELAY_MS
 * once batches fill up), so that a page sending thousands of messages in one loop costs one
 * channel event per batch; a full batch leaves at once. Serializing is sliced into tasks of about FLUSH_SLICE_MS, so that handing a large backlog
 * over never holds the page's main thread for long.
 */
import {
  BACKLOG_MAX_EVENTS,
  EVENT_HOOK_ACTIVE,
  EVENT_HOOK_BATCH,
  HOOK_BUSY_BATCH_EVENTS,
  HOOK_BUSY_FLUSH_DELAY_MS,
  HOOK_FLUSH_DELAY_MS,
  MAX_PORT_MESSAGE_BYTES,
} from '../shared/constants';
import { PAGE_BACKLOG_LIMITS } from '../shared/page-backlog';
import type { HookControl } from '../shared/protocol';
import { createBacklog } from './backlog';
import { heapWeight, isUnread, type HeldEvent, type HeldFrame, type UnreadFrame } from './held-event';
import { CustomEventCtor, apply, dispatchEvent, nativeSetTimeout, now } from './natives';
import { readBlob } from './payload';
import { batchJson, serializedPayloadLength } from './serialize';
import { createSoon } from './soon';

/** Enough to keep the channel cheap under a flood, small enough to keep each batch prompt. */
export const MAX_BATCH_EVENTS = 1000;
/**
 * Payload characters per batch. One frame's payload may alone be bigger (a 16 MiB capture is
 * 21 MiB of base64); it then travels alone, still under MAX_PORT_MESSAGE_BYTES.
 */
export const MAX_BATCH_PAYLOAD = MAX_PORT_MESSAGE_BYTES / 8;
/** Main-thread time one task may spend serializing before it lets the page run. */
const FLUSH_SLICE_MS = 8;

export type Emit = (event: HeldEvent) => void;

export interface Emitter {
  emit: Emit;
  /** The private channel is open. */
  connect(channel: EventTarget): void;
  /** What the relay says: a panel attached or left, or the backlog has a new budget. */
  control(control: HookControl): void;
  /** The relay is gone for good (extension reloaded or removed): keep nothing from now on. */
  stop(): void;
  /**
   * The document is being hidden for good or for the back/forward cache: no timer may run before
   * it goes, so what a reading panel has not had yet leaves now, and so does everything until the
   * document is shown again (a page's own pagehide handler may still send).
   */
  setHidden(hidden: boolean): void;
}

export function createEmitter(): Emitter {
  const backlog = createBacklog({ maxEvents: BACKLOG_MAX_EVENTS, maxBytes: PAGE_BACKLOG_LIMITS.defaultBytes }, heapWeight);
  let channel: EventTarget | null = null;
  let stopped = false;
  let hidden = false;
  let attached = false;
  let announced = false;
  // What the reading panel has not had yet: outbox[sent] onwards, oldest first.
  let outbox: HeldEvent[] = [];
  let sent = 0;
  let unsentPayload = 0;
  let flushScheduled = false;
  /** Events in the last batch sent: how busy the page is, and so how long the next one waits. */
  let lastBatchEvents = 0;
  const flushSoon = createSoon(flush);
  /** A Blob frame, the next to go, is being read. */
  let reading = false;

  function dispatch(type: string, detail: string | null): void {
    // Every dictionary member is given, so that none is looked up on Object.prototype.
    const event = new CustomEventCtor(type, { bubbles: false, cancelable: false, composed: false, detail });
    apply(dispatchEvent, channel, [event]);
  }

  function announce(): void {
    if (announced || !channel) return;
    announced = true;
    dispatch(EVENT_HOOK_ACTIVE, null);
  }

  /** Reads the Blob of the next frame to go, then goes on sending. */
  function readFirst(frame: UnreadFrame): void {
    reading = true;
    readBlob(frame.data, ({ data, truncated }) => {
      // The backlog holds this same object: the Blob is read once, however many panels ask.
      const read: HeldFrame = frame;
      read.data = data;
      read.truncated = truncated;
      reading = false;
      if (!stopped) schedule(0);
    });
  }

  /**
   * Sends the next batch: at least one event, at most a full batch's events or payload, and none
   * from an unread Blob frame on (that frame's read starts instead, when it is the first).
   */
  function sendBatch(): void {
    if (reading) return;
    let to = sent;
    let payload = 0;
    while (to < outbox.length && to - sent < MAX_BATCH_EVENTS) {
      const event = outbox[to] as HeldEvent;
      if (isUnread(event)) break;
      const length = serializedPayloadLength(event);
      if (to > sent && payload + length > MAX_BATCH_PAYLOAD) break;
      payload += length;
      to += 1;
    }
    if (to === sent) return readFirst(outbox[sent] as UnreadFrame);
    const json = batchJson(outbox, sent, to);
    lastBatchEvents = to - sent;
    sent = to;
    unsentPayload -= payload;
    dispatch(EVENT_HOOK_BATCH, json);
    if (sent === outbox.length) {
      outbox = [];
      sent = 0;
      unsentPayload = 0;
    }
  }

  /** Flushes after `delay` ms, or in the next task of its own when there is no reason to wait. */
  function schedule(delay: number): void {
    if (flushScheduled) return;
    flushScheduled = true;
    if (delay === 0) flushSoon();
    else apply(nativeSetTimeout, undefined, [flush, delay]);
  }

  function flush(): void {
    flushScheduled = false;
    if (!attached || !channel) return;
    const deadline = now() + FLUSH_SLICE_MS;
    while (sent < outbox.length && !reading) {
      sendBatch();
      if (!hidden && now() >= deadline) break;
    }
    if (sent < outbox.length && !reading) schedule(0);
  }

  function append(event: HeldEvent): void {
    outbox[outbox.length] = event;
    unsentPayload += serializedPayloadLength(event);
  }

  function queue(event: HeldEvent): void {
    append(event);
    if (hidden) flush();
    else if (outbox.length - sent >= MAX_BATCH_EVENTS || unsentPayload >= MAX_BATCH_PAYLOAD) sendBatch();
    else schedule(lastBatchEvents >= HOOK_BUSY_BATCH_EVENTS ? HOOK_BUSY_FLUSH_DELAY_MS : HOOK_FLUSH_DELAY_MS);
  }

  function attach(replay: boolean): void {
    attached = true;
    if (replay) {
      // Appended even to what is still unsent: the panel drops the duplicates by connection and seq.
      const kept = backlog.snapshot();
      for (let i = 0; i < kept.length; i++) append(kept[i] as HeldEvent);
    }
    if (hidden) flush();
    else if (sent < outbox.length) schedule(0);
  }

  function detach(): void {
    attached = false;
    outbox = [];
    sent = 0;
    unsentPayload = 0;
  }

  return {
    emit(event) {
      if (stopped) return;
      backlog.push(event);
      announce();
      if (attached) queue(event);
    },
    connect(target) {
      channel = target;
      if (backlog.events > 0) announce();
    },
    control(control) {
      if (stopped) return;
      if (control.op === 'attach') attach(control.replay);
      else if (control.op === 'detach') detach();
      else if (control.op === 'budget') backlog.setLimits({ maxEvents: BACKLOG_MAX_EVENTS, maxBytes: control.maxBytes });
    },
    setHidden(next) {
      hidden = next;
      if (hidden) flush();
    },
    stop() {
      stopped = true;
      detach();
      channel = null;
      backlog.clear();
    },
  };
}
