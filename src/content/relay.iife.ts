/**
 * Content relay (isolated world, every frame, document_start): the hook's link to the extension.
 *
 * The hook keeps the document's backlog itself and serializes nothing while no panel reads the
 * tab. The relay opens no port until a panel wants this tab; then it tells the hook to attach, and
 * forwards the hook's batches as they come, as text, unparsed (the panel checks them). When its
 * port closes (the panel left, the service worker stopped), the hook goes back to keeping quietly.
 *
 * It wakes the service worker once per document at most, when the hook first reports traffic, so
 * pages without WebSocket or EventSource traffic cost nothing beyond a few listeners.
 */
import browser from 'webextension-polyfill';
import { EVENT_HOOK_ACTIVE, EVENT_HOOK_BATCH, EVENT_HOOK_CONTROL, EVENT_RELAY_GONE, PORT_CONTENT } from '../shared/constants';
import { openPrivateChannel } from '../shared/channel';
import { isContentCommand, isContentControl } from '../shared/guards';
import { CAPTURE_PATTERNS_KEY, validCapturePatterns } from '../shared/capture-patterns';
import { isHookRuleList } from '../shared/intercept-rules';
import { validBacklogBytes } from '../shared/page-backlog';
import { envelope, type CommandResult, type ContentHello, type ContentHelloReply, type ContentMessage, type HookControl } from '../shared/protocol';
import { isOwnExtensionPage, type ExtensionIdentity } from '../shared/trust';
import { createCommandRelay } from './commands';

const commands = createCommandRelay();
let port: browser.Runtime.Port | null = null;
let channel: EventTarget | null = null;
let helloSent = false;
/** Set once the extension was reloaded or removed under this page: from then on, stay quiet. */
let orphaned = false;

function control(message: HookControl): void {
  channel?.dispatchEvent(new CustomEvent(EVENT_HOOK_CONTROL, { detail: JSON.stringify(message) }));
}

/** Once the extension is reloaded or removed, this content script's `chrome.runtime` is undefined. */
const extensionGone = (): boolean => (browser.runtime as browser.Runtime.Static | undefined)?.id === undefined;

/**
 * The extension was reloaded or removed under this page (Chrome does not inject the new content
 * scripts into it): nobody can ever read the backlog again, so the hook lets it go.
 */
function orphan(): void {
  orphaned = true;
  port = null;
  channel?.dispatchEvent(new CustomEvent(EVENT_RELAY_GONE));
}

/**
 * Streams to the service worker from now on. A new port starts with everything the hook kept; an
 * open one has it sent again on `replay` (a new or reconnected panel needs it; panels drop the
 * duplicates by connection and seq).
 */
function attach(replay: boolean): void {
  if (orphaned) return;
  if (port) {
    if (replay) control({ op: 'attach', replay: true });
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
  // The panel left, the service worker was stopped, or the extension reloaded. A restarted worker
  // asks again (the panel reconnects and re-subscribes), and everything kept is sent then.
  opened.onDisconnect.addListener(() => {
    if (port !== opened) return;
    port = null;
    if (extensionGone()) orphan();
    else control({ op: 'detach' });
  });
  control({ op: 'attach', replay: true });
}

function sayHello(): void {
  // Any runtime call of an orphaned content script throws "Extension context invalidated".
  if (extensionGone()) return orphan();
  helloSent = true;
  const hello: ContentHello = envelope({ kind: 'hello' });
  browser.runtime.sendMessage(hello).then(
    (reply: unknown) => {
      const answer = reply as Partial<ContentHelloReply> | undefined;
      control({ op: 'budget', maxBytes: validBacklogBytes(answer?.backlogBytes) });
      if (answer?.attached === true) attach(false);
      if (isHookRuleList(answer?.rules) && answer.rules.length > 0) control({ op: 'rules', rules: answer.rules });
    },
    () => {
      if (extensionGone()) orphan();
    },
  );
}

function forward(detail: unknown): void {
  if (!port || typeof detail !== 'string') return;
  const message: ContentMessage = envelope({ kind: 'batch', json: detail });
  try {
    port.postMessage(message);
  } catch {
    // The port closed under it; its onDisconnect detaches the hook, which still has the events.
  }
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
  control({ op: 'detach' });
  sayHello();
});

openPrivateChannel((opened) => {
  channel = opened;
  opened.addEventListener(EVENT_HOOK_ACTIVE, () => {
    if (!helloSent && !orphaned) sayHello();
  });
  opened.addEventListener(EVENT_HOOK_BATCH, (event) => forward((event as CustomEvent<unknown>).detail));
  commands.connect(opened);
  void readCapturePatterns();
});

/**
 * The user's URL patterns, for the hook to capture from this document's first request on: one
 * storage read per document, answered by the browser, and nothing sent while there are none.
 */
async function readCapturePatterns(): Promise<void> {
  try {
    const patterns = validCapturePatterns((await browser.storage.sync.get(CAPTURE_PATTERNS_KEY))[CAPTURE_PATTERNS_KEY]);
    if (patterns.length > 0) control({ op: 'patterns', patterns });
  } catch {
    // An orphaned relay cannot read storage; its hook captures by content type and URL alone.
  }
}

browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'sync' && CAPTURE_PATTERNS_KEY in changes) {
    control({ op: 'patterns', patterns: validCapturePatterns(changes[CAPTURE_PATTERNS_KEY]?.newValue) });
  }
});

const extension: ExtensionIdentity = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') };

// Controls and commands arrive only as runtime messages, which only the extension itself can send
// here (the browser stamps the sender): the page has no way to make Frametap send, inject or close
// anything.
browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender): Promise<CommandResult> | undefined => {
  if (!isOwnExtensionPage(sender, extension)) return undefined;
  if (isContentControl(message)) {
    if (message.kind === 'attach') attach(message.replay);
    else if (message.kind === 'rules') control({ op: 'rules', rules: message.rules });
    else control({ op: 'budget', maxBytes: validBacklogBytes(message.maxBytes) });
  }
  if (!isContentCommand(message)) return undefined;
  return Promise.resolve(commands.run(message.command));
});
