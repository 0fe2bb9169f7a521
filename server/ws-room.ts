import type { WebSocket } from 'ws';
import type { WsEndpoint } from './ws-endpoint';

const DEFAULT_ROOM = 'lobby';

/**
 * Broadcast: each message goes, unchanged and with its frame type, to every member of the
 * room, the sender included. `?room=<name>` picks a room, so tests sharing one server can
 * keep to themselves.
 */
export function createRoomEndpoint(): WsEndpoint {
  const rooms = new Map<string, Set<WebSocket>>();

  return {
    path: '/ws/room',
    accept: (url) => ({
      serve({ ws, scope }) {
        const name = url.searchParams.get('room') || DEFAULT_ROOM;
        const members = rooms.get(name) ?? new Set<WebSocket>();
        rooms.set(name, members);
        members.add(ws);
        scope.onDispose(() => {
          members.delete(ws);
          if (members.size === 0) rooms.delete(name);
        });

        ws.on('message', (data, isBinary) => {
          for (const member of members) {
            if (member.readyState === member.OPEN) member.send(data, { binary: isBinary });
          }
        });
      },
    }),
  };
}
