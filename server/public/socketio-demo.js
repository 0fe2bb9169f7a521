// The demo page's Socket.IO section: a socket.io-client on the server's /chat namespace.
// Uses the log of demo.js (`addLog`, `preview`, `byId`: classic scripts share their globals).
// "Connect" uses the WebSocket transport only, so that the whole conversation is one WebSocket
// to inspect; "Connect (polling, then upgrade)" uses socket.io's default transports: HTTP long
// polling first, then the upgrade to WebSocket, which the panel has to follow across both.
'use strict';

/* global io, addLog, preview, byId */

let chat = null;

function setChatStatus(text) {
  byId('sio-status').textContent = text;
}

/** `transports` undefined: socket.io's default, polling first. */
function connectChat(transports) {
  if (chat) chat.disconnect();
  chat = io('/chat', transports ? { transports } : {});
  setChatStatus('connecting…');
  chat.on('connect', () => {
    const transport = chat.io.engine.transport.name;
    setChatStatus(`connected · id ${chat.id} · ${transport}`);
    addLog('event', `socket.io connected to /chat as ${chat.id} over ${transport}`);
    chat.io.engine.once('upgrade', (upgraded) => {
      setChatStatus(`connected · id ${chat.id} · ${upgraded.name}`);
      addLog('event', `socket.io upgraded to ${upgraded.name}`);
    });
  });
  chat.on('disconnect', (reason) => {
    setChatStatus(`disconnected · ${reason}`);
    addLog('event', `socket.io disconnected: ${preview(reason)}`);
  });
  chat.on('connect_error', (error) => addLog('event', `socket.io connect error: ${preview(String(error.message))}`));
  chat.onAny((event, payload) => addLog('in', `socket.io ← ${preview(event)} ${preview(JSON.stringify(payload) ?? '')}`));
}

/** Emits with an ack and logs both ends; the server acks every request. */
function request(event, argument) {
  if (!chat) {
    addLog('event', 'socket.io not connected');
    return;
  }
  addLog('out', `socket.io → ${event} ${preview(JSON.stringify(argument))}`);
  chat.emit(event, argument, (answer) => addLog('in', `socket.io ack of ${event}: ${preview(JSON.stringify(answer) ?? '')}`));
}

const chatActions = {
  'sio-connect': () => connectChat(['websocket']),
  'sio-connect-default': () => connectChat(undefined),
  'sio-disconnect': () => {
    if (chat) chat.disconnect();
    chat = null;
  },
  'sio-join': () => request('room:join', byId('sio-room').value),
  'sio-leave': () => request('room:leave', byId('sio-room').value),
  'sio-send': () => request('chat:message', { room: byId('sio-room').value, text: byId('sio-text').value }),
};
for (const [id, action] of Object.entries(chatActions)) byId(id).addEventListener('click', action);
