/**
 * The demo's Socket.IO traffic: a `/chat` namespace with rooms, on socket.io's own path
 * (`/socket.io/`) of the demo HTTP server. Clients join and leave rooms, post to a room, and get
 * every answer as an ack, so the panel has events, broadcasts and ack pairs to decode.
 *
 * Client → server (each takes an ack callback; a bad argument is answered `{ error }`):
 *   `room:join`    room            → ack `{ room, members }`; the room gets `room:joined { room, member }`
 *   `room:leave`   room            → ack `{ room, members }`; the room gets `room:left { room, member }`
 *   `chat:message` `{ room, text }` → ack `{ id, time }`; the room (sender included, when a
 *                                      member) gets `chat:message { id, room, text, from, time }`
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';

export const SOCKET_IO_PATH = '/socket.io/';
export const CHAT_NAMESPACE = '/chat';

const MAX_ROOM_CHARS = 64;
const MAX_TEXT_CHARS = 10_000;

export interface ChatMessage {
  id: number;
  room: string;
  text: string;
  from: string;
  /** Server time, epoch ms. */
  time: number;
}

export type Ack<T> = (answer: T | { error: string }) => void;

export interface SocketIoChat {
  /** Disconnects every client; leaves the HTTP server to its owner. */
  close(): void;
}

export interface SocketIoChatOptions {
  /**
   * Milliseconds between the server's Engine.IO pings; default socket.io's 25 000. Tests that
   * watch heartbeats make it short rather than wait.
   */
  pingInterval?: number;
}

/** Whether an upgrade request is socket.io's, so that the plain WebSocket router leaves it alone. */
export function isSocketIoRequest(url: string | undefined): boolean {
  return (url ?? '').startsWith(SOCKET_IO_PATH);
}

const roomOf = (x: unknown): string | undefined => (typeof x === 'string' && x.length > 0 && x.length <= MAX_ROOM_CHARS ? x : undefined);

/** Socket.IO hands over whatever the client sent: an ack may be missing or not a function. */
const ackOf = <T>(x: unknown): Ack<T> => (typeof x === 'function' ? (x as Ack<T>) : () => {});

function serveChatClient(chat: Namespace, socket: Socket, nextId: () => number): void {
  const members = (room: string): number => chat.adapter.rooms.get(room)?.size ?? 0;

  socket.on('room:join', async (room: unknown, callback: unknown) => {
    const ack = ackOf<{ room: string; members: number }>(callback);
    const name = roomOf(room);
    if (name === undefined) return ack({ error: 'room must be a string of 1 to 64 characters' });
    await socket.join(name);
    chat.to(name).emit('room:joined', { room: name, member: socket.id });
    ack({ room: name, members: members(name) });
  });

  socket.on('room:leave', async (room: unknown, callback: unknown) => {
    const ack = ackOf<{ room: string; members: number }>(callback);
    const name = roomOf(room);
    if (name === undefined) return ack({ error: 'room must be a string of 1 to 64 characters' });
    await socket.leave(name);
    chat.to(name).emit('room:left', { room: name, member: socket.id });
    ack({ room: name, members: members(name) });
  });

  socket.on('chat:message', (message: unknown, callback: unknown) => {
    const ack = ackOf<{ id: number; time: number }>(callback);
    const { room, text } = typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : {};
    const name = roomOf(room);
    if (name === undefined || typeof text !== 'string' || text.length > MAX_TEXT_CHARS) {
      return ack({ error: 'expected { room, text } with a room of 1 to 64 and a text of at most 10000 characters' });
    }
    const posted: ChatMessage = { id: nextId(), room: name, text, from: socket.id, time: Date.now() };
    chat.to(name).emit('chat:message', posted);
    ack({ id: posted.id, time: posted.time });
  });
}

export function attachSocketIoChat(httpServer: HttpServer, { pingInterval }: SocketIoChatOptions = {}): SocketIoChat {
  const io = new Server(httpServer, {
    path: SOCKET_IO_PATH,
    // Serves /socket.io/socket.io.min.js from socket.io-client: the demo page needs no CDN.
    serveClient: true,
    // Other paths' upgrades belong to the demo's WebSocket router: engine.io must not destroy them.
    destroyUpgrade: false,
    // Left out rather than undefined when not given: an undefined option would replace the default.
    ...(pingInterval !== undefined && { pingInterval }),
  });
  let lastId = 0;
  const chat = io.of(CHAT_NAMESPACE);
  chat.on('connection', (socket) => serveChatClient(chat, socket, () => ++lastId));
  return {
    close() {
      chat.disconnectSockets(true);
      // Closes every Engine.IO client and its timers; `io.close()` would close the HTTP server too.
      io.engine.close();
    },
  };
}
