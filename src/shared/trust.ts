/**
 * Who may speak on Frametap's channels, decided from what the browser stamps on a message's
 * sender, never from what the message says. A content script is untrusted (it shares a renderer
 * with the page, which may be compromised): it speaks only for its own tab, frame and document.
 * Reading a tab's traffic or commanding it is for Frametap's own extension pages alone.
 */

/** The fields of `runtime.MessageSender` these checks read (Chrome and Firefox both stamp them). */
export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
  documentId?: string;
}

/** This extension, as `runtime.id` and `runtime.getURL('')` name it. */
export interface ExtensionIdentity {
  id: string;
  baseUrl: string;
}

/** `runtime.getURL('')` is the extension's origin and a slash (URL parsers disagree on such schemes' origins). */
const originOf = (baseUrl: string): string => baseUrl.replace(/\/$/, '');

/**
 * One of this extension's own documents: the DevTools panel (no tab), the panel page opened in a
 * tab, or the service worker. A content script's sender carries the page's URL and origin.
 */
export function isOwnExtensionPage(sender: SenderLike | undefined, self: ExtensionIdentity): boolean {
  if (!sender || sender.id !== self.id || sender.url === undefined || !sender.url.startsWith(self.baseUrl)) return false;
  // Where the browser stamps the origin too, it must agree: an opaque or foreign origin is not ours.
  return sender.origin === undefined || sender.origin === originOf(self.baseUrl);
}

/** Where a content script's message comes from: its tab, frame and document. */
export interface ContentSender {
  tabId: number;
  frameId: number;
  documentId: string;
}

/** The tab, frame and document of a content script of this extension, or null for anyone else. */
export function contentSenderOf(sender: SenderLike | undefined, self: ExtensionIdentity): ContentSender | null {
  if (!sender || sender.id !== self.id || isOwnExtensionPage(sender, self)) return null;
  const tabId = sender.tab?.id;
  const { frameId } = sender;
  if (!Number.isSafeInteger(tabId) || !Number.isSafeInteger(frameId)) return null;
  return { tabId: tabId as number, frameId: frameId as number, documentId: sender.documentId ?? '' };
}
