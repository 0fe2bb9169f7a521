/**
 * Frametap's optional permissions, asked for only when the user first picks what needs one:
 * - `declarativeNetRequest`, for Block connection rules: while an extension holds it, Chrome
 *   routes every request and WebSocket of every page through its network proxy, a cost nobody
 *   should pay for a feature they do not use;
 * - `debugger`, for worker traffic: Chrome warns about it at install and shows a "started
 *   debugging this browser" bar while it is used, so it is asked for by the one switch that uses it.
 *
 * The browser asks the user, and only in answer to a gesture: this must be called from the event
 * handler of the user's choice. Resolves with whether it is granted once the browser has answered
 * (at once, without asking, when it already is).
 */
export type OptionalPermission = 'declarativeNetRequest' | 'debugger';

export function askForPermission(permission: OptionalPermission): Promise<boolean> {
  const permissions = (globalThis as { chrome?: { permissions?: typeof chrome.permissions } }).chrome?.permissions;
  if (!permissions) return Promise.resolve(false);
  return permissions.request({ permissions: [permission] }).catch(() => false);
}
