// The demo page's Socket.IO section: a socket.io-client on the server's /chat namespace.
// Uses the log of demo.js (`addLog`, `preview`, `byId`: classic scripts share their globals).
// WebSocket transport only, so that the whole conversation is one WebSocket to inspect.
'use strict';

/* global io, addLog, preview, byId */

let chat = null;

function setChatStatus(text) {
  byId('sio-status').textContent = text;
}

function connectChat() {
  if (chat) chat.disconnect();
  chat = io('/chat', { transports: ['websocket'] });
  setChatStatus('connecting…');
  chat.on('connect', () => {
    setChatStatus(`connected · id ${chat.id}`);
    addLog('event', `socket.io connected to /chat as ${chat.id}`);
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
  'sio-connect': connectChat,
  'sio-disconnect': () => {
    if (chat) chat.disconnect();
    chat = null;
  },
  'sio-join': () => request('room:join', byId('sio-room').value),
  'sio-leave': () => request('room:leave', byId('sio-room').value),
  'sio-send': () => request('chat:message', { room: byId('sio-room').value, text: byId('sio-text').value }),
};
for (const [id, action] of Object.entries(chatActions)) byId(id).addEventListener('click', action);
