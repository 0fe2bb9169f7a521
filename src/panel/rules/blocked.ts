/**
 * Whether a connection failed because a block rule had the browser refuse it. The browser says
 * nothing of why (the page sees an ordinary network failure), so this is the panel's inference:
 * its URL matches an active block rule, and it failed as a refused connection does.
 */
import type { Pattern } from '../../shared/intercept-rules';
import type { Connection } from '../store/connection';

/** As the hook matches: text the URL contains, or a regular expression (parsed and checked by the rule). */
export function patternMatches(pattern: Pattern, text: string): boolean {
  if ('text' in pattern) return text.includes(pattern.text);
  // Stateless: `g` and `y` would make `test()` resume where the previous call stopped.
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test(text);
}

/** A WebSocket the browser refused closes abnormally (1006); anything else fails with an error. */
export function isBlockedByRule(c: Pick<Connection, 'url' | 'state'>, blocked: readonly Pattern[]): boolean {
  const failed = (c.state.phase === 'closed' && c.state.code === 1006) || c.state.phase === 'error';
  return failed && blocked.some((pattern) => patternMatches(pattern, c.url));
}
