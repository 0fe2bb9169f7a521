/**
 * Content relay (isolated world, every frame, document_start): receives the hook's batches over
 * the private channel, keeps this document's backlog, and streams to the service worker while a
 * panel is attached to the tab.
 *
 * It opens no port until a panel wants this tab, and wakes the service worker once per document
 * at most (the first time the page has something to report), so pages without WebSocket or
 * EventSource traffic cost nothing beyond two listeners.
 */
import browser from 'webextension-polyfill';
import { BACKLOG_MAX_EVENTS, BACKLOG_MAX_PAYLOAD_BYTES, EVENT_HOOK_BATCH, EVENT_RELAY_GONE, PORT_CONTENT } from '../shared/constants';
import { openPrivateChannel } from '../shared/channel';
import { isContentCommand, isContentControl, isHookBatch, validEvents } from '../shared/guards';
import {
  envelope,
  type CommandResult,
  type ContentHello,
  type ContentHelloReply,
  type ContentMessage,
  type HookEvent,
} from '../shared/protocol';
import { createBacklog } from '../shared/backlog';
import { chunkByPayload } from './chunk';
import { isOwnExtensionPage, type ExtensionIdentity } from '../shared/trust';
import { createCommandRelay } from './commands';

const commands = createCommandRelay();
const backlog = createBacklog({ maxEvents: BACKLOG_MAX_EVENTS, maxPayloadBytes: BACKLOG_MAX_PAYLOAD_BYTES });
let port: browser.Runtime.Port | null = null;
let channel: EventTarget | null = null;
let helloSent = false;
/** Set once the extension was reloaded or removed under this page: from then on, stay quiet. */
let orphaned = false;

/**
 * The extension was reloaded or removed under this page (Chrome does not inject the new
 * content scripts into it): nobody can ever read the backlog again, so let it go.
 */
function orphan(): void {
  orphaned = true;
  port = null;
  backlog.clear();
  // The hook can stop batching and serializing what nobody will read.
  channel?.dispatchEvent(new CustomEvent(EVENT_RELAY_GONE));
}

/** Once the extension is reloaded or removed, this content script's `chrome.runtime` is undefined. */
const extensionGone = (): boolean => (browser.runtime as browser.Runtime.Static | undefined)?.id === undefined;

function post(events: HookEvent[]): void {
  if (!port) return;
  for (const chunk of chunkByPayload(events)) {
    const message: ContentMessage = envelope({ kind: 'events', events: chunk });
    port.postMessage(message);
  }
}

/**
 * Streams to the service worker from now on. A new port starts with the whole backlog; an open
 * one sends it again on `replay` (a new or reconnected panel needs it; panels drop the duplicates
 * by connection and seq).
 */
function attach(replay: boolean): void {
  if (orphaned) return;
  if (port) {
    if (replay) post(backlog.snapshot());
    return;
  }
  let opened: browser.Runtime.Port;
  try {
    opened = browser.runtime.connect({ name: PORT_CONTENT });
  } catch {
    orphan();
    return;
  }
  port = opened;
  // The service worker was stopped or the extension reloaded. A restarted worker asks again
  // (the panel reconnects and re-subscribes), and the whole backlog is replayed then.
  opened.onDisconnect.addListener(() => {
    if (port === opened) port = null;
  });
  post(backlog.snapshot());
}

function sayHello(): void {
  helloSent = true;
  const hello: ContentHello = envelope({ kind: 'hello' });
  browser.runtime.sendMessage(hello).then(
    (reply: unknown) => {
      if ((reply as ContentHelloReply | undefined)?.attached === true) attach(false);
    },
    () => {
      if (extensionGone()) orphan();
    },
  );
}

function onBatch(detail: unknown): void {
  if (orphaned || typeof detail !== 'string') return;
  if (!port && extensionGone()) return orphan();
  let batch: unknown;
  try {
    batch = JSON.parse(detail);
  } catch {
    return;
  }
  if (!isHookBatch(batch)) return;
  const events = validEvents(batch.events);
  if (events.length === 0) return;
  backlog.push(events);
  if (port) post(events);
  else if (!helloSent) sayHello();
}

// Chrome closes a page's extension ports when it enters the back/forward cache. Restored, the page
// says hello again: its panel (if any) reattaches and learns that this document is back. The page
// can dispatch a `pageshow` of its own, which would have the whole backlog sent again each time.
addEventListener('pageshow', (event) => {
  if (!event.isTrusted || !event.persisted || orphaned) return;
  try {
    port?.disconnect();
  } catch {
    // Closed already, as expected.
  }
  port = null;
  sayHello();
});

openPrivateChannel((opened) => {
  channel = opened;
  opened.addEventListener(EVENT_HOOK_BATCH, (event) => onBatch((event as CustomEvent<unknown>).detail));
  commands.connect(opened);
});

const extension: ExtensionIdentity = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') };

// Commands arrive only as runtime messages, which only the extension itself can send here (the
// browser stamps the sender): the page has no way to make Frametap send, inject or close anything.
browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender): Promise<CommandResult> | undefined => {
  if (!isOwnExtensionPage(sender, extension)) return undefined;
  if (isContentControl(message)) attach(message.replay);
  if (!isContentCommand(message)) return undefined;
  return Promise.resolve(commands.run(message.command));
});
