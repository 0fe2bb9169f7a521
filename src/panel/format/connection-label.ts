/** How the sidebar and the grid name a connection and its state. */
import type { ConnState, Connection } from '../store/connection';
import { previewText } from './preview';
import { originOf, pathAndHost } from './url';

export function kindBadge(kind: Connection['kind']): string {
  return kind === 'ws' ? 'WS' : kind === 'sse' ? 'SSE' : '?';
}

export function connectionLabel(c: Pick<Connection, 'url'>): string {
  return c.url ? pathAndHost(c.url) : '(URL unknown)';
}

/** The tooltip: what the short label leaves out. */
export function connectionTitle(c: Pick<Connection, 'url' | 'frameUrl'>): string {
  const frame = c.frameUrl ? originOf(c.frameUrl) : 'unknown';
  return `${c.url || 'URL unknown'}\nFrame: ${frame}`;
}

export function stateLabel(state: ConnState): string {
  switch (state.phase) {
    case 'connecting':
      return state.reconnecting ? 'reconnecting' : 'connecting';
    case 'open':
      return 'open';
    case 'closed':
      // The reason comes from the server or the page: shown like a payload preview.
      return state.reason ? `closed ${state.code} “${previewText(state.reason)}”` : `closed ${state.code}`;
    case 'error':
      return 'error';
  }
}
