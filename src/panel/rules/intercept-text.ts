/** What a rule did to a message, in the few words the grid row and the details pane show. */
import type { LogEntry } from '../store/message-log';
import type { Intercept, Release } from '../store/intercept';

const RELEASE_WORDS: Readonly<Record<Release['outcome'], string>> = { continued: 'Continued', edited: 'Edited', dropped: 'Dropped' };

function actionWords(intercept: Intercept): string | null {
  switch (intercept.action) {
    case undefined:
      return null;
    case 'drop':
      return 'Dropped';
    case 'delay':
      return `Delayed ${intercept.delayMs ?? 0} ms`;
    case 'rewrite':
      return 'Rewritten';
    case 'respond':
      return intercept.loop ? 'Loop: not answered' : 'Responded';
    case 'pause':
      return intercept.release ? `Paused → ${RELEASE_WORDS[intercept.release.outcome]}` : 'Paused';
  }
}

/** The grid row's marker: null for a message no rule touched. */
export function interceptMarker(e: Pick<LogEntry, 'via' | 'intercept'>): string | null {
  if (e.via === 'rule') return 'Rule reply';
  return e.intercept ? actionWords(e.intercept) : null;
}

/** What Frametap delivered instead of the message, when it was not the message itself. */
export function deliveredInstead(intercept: Intercept): { data: string; size: number | undefined; truncated: boolean } | null {
  if (intercept.action === 'rewrite' && intercept.delivered !== undefined) {
    return { data: intercept.delivered, size: intercept.deliveredSize, truncated: intercept.deliveredTruncated ?? false };
  }
  const release = intercept.release;
  if (release?.outcome === 'edited' && release.data !== undefined) return { data: release.data, size: release.size, truncated: release.truncated ?? false };
  return null;
}
