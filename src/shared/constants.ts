/** Names and limits shared by the four layers. One place, so that no two layers drift apart. */

export const PROTOCOL_VERSION = 1;

/** Tag on every extension message, so that receivers can ignore anything that is not ours. */
export const SOURCE = 'frametap';

/** Long-lived runtime port names. */
export const PORT_CONTENT = 'frametap:content';
export const PORT_PANEL = 'frametap:panel';

/**
 * Page hook ⇄ content script. The handshake event is dispatched once on `window` at
 * document_start, before any page script exists, with a detached element as its
 * `relatedTarget`; every later event travels on that element, which the page can never
 * reach, so the page can neither see nor forge Frametap's traffic.
 */
export const EVENT_HANDSHAKE = 'frametap:handshake';
export const EVENT_HANDSHAKE_ACK = 'frametap:handshake-ack';
/** hook → relay, only while a panel reads: a batch of events as JSON text. */
export const EVENT_HOOK_BATCH = 'frametap:events';
/** hook → relay, once per document, no data: the page has real-time traffic a panel could read. */
export const EVENT_HOOK_ACTIVE = 'frametap:active';
/** relay → hook: a HookControl as JSON text (a panel attached or left, a new backlog budget). */
export const EVENT_HOOK_CONTROL = 'frametap:control';
export const EVENT_COMMAND = 'frametap:command';
/** The relay's last word on the channel: the extension was reloaded or removed, nobody reads on. */
export const EVENT_RELAY_GONE = 'frametap:relay-gone';
/**
 * The CDP binding (Runtime.addBinding) through which a dedicated worker's hook hands its batches to
 * the service worker. The hook takes it and deletes it before any worker script runs.
 */
export const WORKER_BINDING = '__frametapWorkerBatches';
/** How often the service worker tells a hooked worker it is still watched (worker-hook.ts). */
export const WORKER_HEARTBEAT_MS = 2000;
/** The hook's answer to EVENT_COMMAND, dispatched on the channel while the command is handled. */
export const EVENT_COMMAND_RESULT = 'frametap:command-result';

/** How long the panel waits for a command's answer before telling the user it got none. */
export const COMMAND_TIMEOUT_MS = 5_000;

/** Payload bytes the hook copies out of one frame; the rest is counted, not copied. */
export const MAX_CAPTURED_PAYLOAD_BYTES = 16 * 1024 * 1024;

/**
 * How long the hook waits to batch events before handing them to the content script, while a
 * panel reads: a few milliseconds, so that a quiet socket's messages (and those of a page about
 * to navigate away) leave at once; and longer once batches fill up. Every batch wakes the relay,
 * the service worker and the panel, which share the machine with the page: on a 64 B echo with
 * the panel open, 16 ms (against 4) took the page from 0.85 to 0.97 of its speed without
 * Frametap, and its main-thread time per round trip by a quarter. The panel draws at most 20
 * times a second anyway, so no row shows later for it.
 */
export const HOOK_FLUSH_DELAY_MS = 4;
export const HOOK_BUSY_FLUSH_DELAY_MS = 16;
/** A batch of this many events or more means the socket is busy: the next one waits longer. */
export const HOOK_BUSY_BATCH_EVENTS = 8;

/**
 * Events a document's backlog keeps at most, whatever its byte budget (shared/page-backlog.ts):
 * a flood of empty frames weighs little but still costs an object each.
 */
export const BACKLOG_MAX_EVENTS = 100_000;

/** Chrome refuses extension messages above 64 MiB; stay well below it per port message. */
export const MAX_PORT_MESSAGE_BYTES = 32 * 1024 * 1024;
