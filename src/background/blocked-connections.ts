/**
 * "Block" rules: the browser itself refuses new connections whose URL matches, so that the page
 * sees exactly what a refused connection gives natively (a WebSocket's `error` then `close` 1006,
 * an EventSource's `error` and its reconnection, a fetch's TypeError). They are session rules of
 * declarativeNetRequest, each limited to its tab, and go when the tab's last panel leaves. The
 * permission is optional (the panel asks for it when the user first picks Block connection): while
 * it is held, Chrome proxies every request and WebSocket of every page.
 *
 * Every change goes through one queue, so that a worker that just started (and drops the rules a
 * stopped one left behind) never races a panel setting its own.
 */
import type { Pattern } from '../shared/intercept-rules';

type Dnr = typeof chrome.declarativeNetRequest;

/** WebSocket, fetch and XHR, and EventSource (which Chromium files under `other`). */
const CONNECTION_TYPES = ['websocket', 'xmlhttprequest', 'other'] as chrome.declarativeNetRequest.ResourceType[];

const dnr = (): Dnr | undefined => (globalThis as { chrome?: { declarativeNetRequest?: Dnr } }).chrome?.declarativeNetRequest;

const NOT_ALLOWED = 'Frametap may not block connections: pick Block connection again, and allow it when the browser asks';

const idsByTab = new Map<number, number[]>();
let nextId = 1;
let queue: Promise<unknown> = Promise.resolve();

const escapeRegex = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** A pattern as declarativeNetRequest's RE2 filter: text is found as is, anywhere in the URL. */
function filterOf(pattern: Pattern): { regex: string; isCaseSensitive: boolean } {
  if ('text' in pattern) return { regex: escapeRegex(pattern.text), isCaseSensitive: true };
  return { regex: pattern.source, isCaseSensitive: !pattern.flags.includes('i') };
}

async function replaceBlocks(api: Dnr, tabId: number, patterns: readonly Pattern[]): Promise<string | null> {
  const filters = patterns.map(filterOf);
  for (const { regex, isCaseSensitive } of filters) {
    const check = await api.isRegexSupported({ regex, isCaseSensitive });
    if (!check.isSupported) return `The browser cannot block by /${regex}/ (${check.reason ?? 'unsupported'}): its filters have no look-arounds or back-references`;
  }
  const removeRuleIds = idsByTab.get(tabId) ?? [];
  const addRules = filters.map(({ regex, isCaseSensitive }) => ({
    id: nextId++,
    priority: 1,
    action: { type: 'block' as chrome.declarativeNetRequest.RuleActionType },
    condition: { regexFilter: regex, isUrlFilterCaseSensitive: isCaseSensitive, tabIds: [tabId], resourceTypes: CONNECTION_TYPES },
  }));
  await api.updateSessionRules({ removeRuleIds, addRules });
  if (addRules.length > 0) idsByTab.set(tabId, addRules.map((rule) => rule.id));
  else idsByTab.delete(tabId);
  return null;
}

/** The tab refuses new connections matching `patterns` from now on (none: it stops refusing). Resolves to a problem, or null. */
export function blockConnections(tabId: number, patterns: readonly Pattern[]): Promise<string | null> {
  const api = dnr();
  // The permission is optional: granted when the user first picks Block connection.
  if (!api) return Promise.resolve(patterns.length > 0 ? NOT_ALLOWED : null);
  if (patterns.length === 0 && !idsByTab.has(tabId)) return Promise.resolve(null);
  const done = queue.then(() => replaceBlocks(api, tabId, patterns)).catch((error: unknown) => `The browser refused the block rules: ${(error as Error).message}`);
  queue = done;
  return done;
}

/** Drops every block rule, those of a worker that was stopped included. */
export function forgetBlockedConnections(): Promise<unknown> {
  const api = dnr();
  if (!api) return queue;
  queue = queue
    .then(() => api.getSessionRules())
    .then((rules) => api.updateSessionRules({ removeRuleIds: rules.map((rule) => rule.id) }))
    .catch(() => undefined);
  return queue;
}
