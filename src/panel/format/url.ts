/** Short labels for connection URLs; the full URL goes in a tooltip. */

/**
 * `/path?query · host`, or the input as is when it does not parse. The path comes first, as in
 * DevTools' Network panel: in a narrow sidebar it is what tells connections to one server apart.
 */
export function pathAndHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search} · ${u.host}`;
  } catch {
    return url;
  }
}

/** The origin of a frame URL; about:blank and friends have none, so they show as they are. */
export function originOf(url: string): string {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? url : origin;
  } catch {
    return url;
  }
}
