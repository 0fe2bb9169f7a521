/** How the sidebar and the grid name a connection and its state. */
import type { Framing } from '../../shared/protocol';
import type { ConnState, Connection } from '../store/connection';
import { previewText } from './preview';
import { originOf, pathAndHost } from './url';
import { workerTitle } from './worker-label';

const FRAMING_BADGES: Record<Framing, string> = {
  sse: 'SSE',
  ndjson: 'NDJSON',
  'json-seq': 'JSON-seq',
  multipart: 'MULTIPART',
  'engine.io': 'POLL',
  sockjs: 'POLL',
  signalr: 'POLL',
  whole: 'POLL',
};

/** WS, SSE (an EventSource), or for HTTP what the stream carries (an SSE stream read by fetch is SSE too). */
export function kindBadge(c: Pick<Connection, 'kind' | 'http'>): string {
  if (c.kind === 'ws') return 'WS';
  if (c.kind === 'sse') return 'SSE';
  if (c.kind === 'poll') return 'POLL';
  if (c.kind === 'stream' && c.http) return FRAMING_BADGES[c.http.framing];
  return '?';
}

/** How the page made it, for the tooltip and the details: "fetch · POST", "XHR · GET, every 1.0 s". */
export function httpSummary(c: Pick<Connection, 'http'>): string {
  const http = c.http;
  if (!http) return '';
  const parts = [`${http.api === 'xhr' ? 'XHR' : 'fetch'} · ${http.method}`];
  if (http.status !== undefined) parts.push(`status ${http.status}`);
  if (http.intervalMs !== undefined) parts.push(`polled every ${(http.intervalMs / 1000).toFixed(1)} s`);
  return parts.join(' · ');
}

export function connectionLabel(c: Pick<Connection, 'url'>): string {
  return c.url ? pathAndHost(c.url) : '(URL unknown)';
}

/** The tooltip: what the short label leaves out. */
export function connectionTitle(c: Pick<Connection, 'url' | 'frameUrl' | 'http' | 'worker'>): string {
  const frame = c.frameUrl ? originOf(c.frameUrl) : 'unknown';
  const http = httpSummary(c);
  return `${c.url || 'URL unknown'}\nFrame: ${frame}${http ? `\n${http}` : ''}${c.worker ? `\n${workerTitle(c.worker)}` : ''}`;
}

export function stateLabel(state: ConnState): string {
  switch (state.phase) {
    case 'connecting':
      return state.reconnecting ? 'reconnecting' : 'connecting';
    case 'open':
      return 'open';
    case 'closed': {
      // HTTP has no close code: 0 stands for none. The reason comes from the server or the page:
      // shown like a payload preview.
      const code = state.code === 0 ? 'closed' : `closed ${state.code}`;
      return state.reason ? `${code} “${previewText(state.reason)}”` : code;
    }
    case 'error':
      return 'error';
  }
}
