/**
 * Short labels for connection URLs; the full URL goes in a tooltip. Each connection item asks for
 * its labels on every render, so parsed URLs are remembered (a page has few distinct ones; the
 * least recently remembered go first once there are many).
 */
import { createRecentMap } from '../../decode/recent-names';

const MAX_REMEMBERED = 1000;

function remembered(label: (url: string) => string): (url: string) => string {
  const known = createRecentMap<string, string>(MAX_REMEMBERED);
  return (url) => {
    const hit = known.recall(url);
    if (hit !== undefined) return hit;
    const made = label(url);
    known.remember(url, made);
    return made;
  };
}

/**
 * `/path?query · host`, or the input as is when it does not parse. The path comes first, as in
 * DevTools' Network panel: in a narrow sidebar it is what tells connections to one server apart.
 */
export const pathAndHost = remembered((url) => {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search} · ${u.host}`;
  } catch {
    return url;
  }
});

/** The origin of a frame URL; about:blank and friends have none, so they show as they are. */
export const originOf = remembered((url) => {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? url : origin;
  } catch {
    return url;
  }
});
