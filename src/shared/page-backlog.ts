/**
 * The page backlog budget: how much of a document's recent traffic its hook keeps for a panel
 * that may attach later. It lives in the page's own heap on every tab, all day, whether or not
 * anyone ever looks, so it is small by default; the user sets it in the panel's Settings, and
 * the service worker hands it to every tab.
 */

import { clampInt } from './clamp';

export const PAGE_BACKLOG_KEY = 'frametap:page-backlog';

export const PAGE_BACKLOG_LIMITS = {
  defaultBytes: 10 * 1024 * 1024,
  minBytes: 1024 * 1024,
  maxBytes: 512 * 1024 * 1024,
};

/** A budget read back from storage or a message: untrusted, so clamped, with the default for anything else. */
export const validBacklogBytes = (x: unknown): number =>
  clampInt(x, PAGE_BACKLOG_LIMITS.minBytes, PAGE_BACKLOG_LIMITS.maxBytes, PAGE_BACKLOG_LIMITS.defaultBytes);
