/**
 * Block connection rules are the browser's own (declarativeNetRequest), a permission Frametap asks
 * for only when the user first picks one: while an extension holds it, Chrome routes every request
 * and WebSocket of every page through its network proxy, a cost nobody should pay for a feature
 * they do not use. The browser asks the user, and only in answer to a gesture: this must be called
 * from the event handler of the user's choice. Resolves once the browser has answered.
 */
export function askToBlockConnections(): Promise<boolean> {
  const permissions = (globalThis as { chrome?: { permissions?: typeof chrome.permissions } }).chrome?.permissions;
  if (!permissions) return Promise.resolve(false);
  return permissions.request({ permissions: ['declarativeNetRequest'] }).catch(() => false);
}
