/**
 * Which transport session a connection belongs to, by what each long-polling library puts in its
 * URLs: a Socket.IO session's polling channel and the WebSocket it upgrades to are two connections
 * of one Engine.IO `sid`, a SockJS session's `xhr`, `xhr_send` and `websocket` requests share the
 * session segment of their path, and SignalR's transports carry the connection token in the query.
 *
 * A key is the family, the server's host and path prefix, then the id: the same id on two
 * servers is two sessions. The scheme is left out: a polling channel's `https:` and its WebSocket's
 * `wss:` are one server. Pure; URLs are page-made text, so anything unparsable has no key.
 */
import { parseEnginePacket, parseOpenHandshake } from '../../decode/engine-io';
import type { Connection } from '../store/connection';

export type SessionFamily = 'socket.io' | 'sockjs' | 'signalr';

export interface TransportSession {
  family: SessionFamily;
  /** Equal for every transport of one session, and only for them. */
  key: string;
  /** The library's own session id, as the sidebar shows it. */
  id: string;
}

/**
 * What a library's session id looks like: printable ASCII without spaces (Engine.IO's base64url
 * sids, SockJS's random strings, SignalR's tokens), of a sane length. Anything else the page made
 * up is refused, rather than kept as a key and shown in the sidebar.
 */
const SESSION_ID = /^[\x21-\x7e]{1,200}$/;

type Described = Pick<Connection, 'kind' | 'url' | 'http'>;

function parsed(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const sessionOf = (family: SessionFamily, base: string, id: string | null | undefined): TransportSession | null =>
  id && SESSION_ID.test(id) ? { family, key: `${family} ${base} ${id}`, id } : null;

/** Where a URL goes, without the scheme: `//host:port/path`. */
const serverOf = (url: URL, path = url.pathname): string => `//${url.host}${path}`;

/** The Engine.IO endpoint a URL is, e.g. `//host/socket.io/`, when it is one. */
function engineEndpoint(url: URL): string | null {
  return url.searchParams.has('EIO') && url.searchParams.has('transport') ? serverOf(url) : null;
}

/** SockJS transport URLs: `<prefix>/<server>/<session>/<transport>`. */
const SOCKJS_PATH = /^(.*)\/([^/.]{1,64})\/([^/.]{1,200})\/(?:websocket|xhr|xhr_send|xhr_streaming|eventsource|htmlfile|jsonp|jsonp_send)$/;

/** A WebSocket or an EventSource is taken for a SignalR transport by its path, as protocol detection does. */
const SIGNALR_PATH = /\/signalr(?:\/|$)|hub/i;
/** ASP.NET SignalR's per-action paths under one endpoint. */
const SIGNALR_ACTION = /\/(?:connect|reconnect|send|poll)$/;

/**
 * The session a connection's URL names. A Socket.IO polling channel's URL names none (its first
 * request asks for a session, and later ones are the same channel): `engineSessionOfPacket` reads
 * it from the channel's open packet.
 */
export function sessionOfUrl(c: Described): TransportSession | null {
  const url = parsed(c.url);
  if (!url) return null;
  const engine = engineEndpoint(url);
  if (engine) return c.kind === 'ws' ? sessionOf('socket.io', engine, url.searchParams.get('sid')) : null;
  const sockjs = c.kind === 'ws' || c.http?.framing === 'sockjs' ? SOCKJS_PATH.exec(url.pathname) : null;
  if (sockjs) return sessionOf('sockjs', serverOf(url, sockjs[1]), `${sockjs[2]}/${sockjs[3]}`);
  if (c.http?.framing === 'signalr' || ((c.kind === 'ws' || c.kind === 'sse') && SIGNALR_PATH.test(url.pathname))) {
    // ASP.NET Core SignalR: `id` (the connection token); ASP.NET SignalR: `connectionToken`, on
    // `/signalr/connect`, `/poll`, `/send`... of one endpoint.
    const token = url.searchParams.get('id') ?? url.searchParams.get('connectionToken');
    return sessionOf('signalr', serverOf(url, url.pathname.replace(SIGNALR_ACTION, '')), token);
  }
  return null;
}

/** Whether a polling channel's open packet names its session (Engine.IO's long-polling transport). */
export const namesSessionInOpenPacket = (c: Described): boolean => c.kind === 'poll' && c.http?.framing === 'engine.io';

/** An open packet is a hundred-odd characters: a longer one is not parsed for its sid. */
const MAX_OPEN_PACKET_CHARS = 4096;

/** The session of an Engine.IO polling channel, from an incoming packet when it is the open packet. */
export function engineSessionOfPacket(c: Pick<Connection, 'url'>, packet: string): TransportSession | null {
  if (!packet.startsWith('0') || packet.length > MAX_OPEN_PACKET_CHARS) return null;
  const open = parseEnginePacket(packet);
  const url = parsed(c.url);
  const engine = url && engineEndpoint(url);
  if (open?.type !== 'open' || !engine) return null;
  return sessionOf('socket.io', engine, parseOpenHandshake(open.data)?.sid);
}
