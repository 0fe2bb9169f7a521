// The Frametap demo page: plain DOM and no framework, so it works with or without the
// extension. What the server sends is shown with textContent only: it is data, not markup.
'use strict';

const MAX_LOG_ENTRIES = 200;
const PREVIEW_CHARS = 160;
const PREVIEW_BYTES = 16;

const byId = (id) => document.getElementById(id);

// ---- Log -----------------------------------------------------------------------------

const logList = byId('log');

/** kind: 'in' (received), 'out' (sent) or 'event' (open, close, error…). */
function addLog(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  logList.append(item);
  while (logList.childElementCount > MAX_LOG_ENTRIES) logList.firstElementChild.remove();
  logList.scrollTop = logList.scrollHeight;
}

/** A shortened string with control characters escaped, so that newlines stay visible. */
function preview(text) {
  if (text === '') return '(none)';
  const short = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return short.replace(/[\u0000-\u001f]/g, (char) => JSON.stringify(char).slice(1, -1));
}

function hex(bytes) {
  const shown = Array.from(bytes.subarray(0, PREVIEW_BYTES), (byte) => byte.toString(16).padStart(2, '0'));
  return shown.join(' ') + (bytes.length > PREVIEW_BYTES ? ' …' : '');
}

/** Describes a WebSocket message: a string, or an ArrayBuffer (binaryType is 'arraybuffer'). */
function describe(data) {
  if (typeof data === 'string') return `text ${data.length} chars ${preview(data)}`;
  const bytes = new Uint8Array(data);
  return `binary ${bytes.length} bytes: ${hex(bytes)}`;
}

// ---- WebSocket -----------------------------------------------------------------------

/** The socket the send and close buttons act on. */
let socket = null;
/** The independent ticks socket behind #ws-ticks. */
let ticker = null;
let jsonCount = 0;
let blobCount = 0;

function webSocketUrl(path) {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
}

/** Logs a socket's life; `showStatus` receives a one-line summary of its state. */
function watchSocket(ws, label, showStatus) {
  ws.binaryType = 'arraybuffer';
  showStatus('connecting…');
  ws.addEventListener('open', () => {
    const summary = `open · protocol ${preview(ws.protocol)} · extensions ${preview(ws.extensions)}`;
    showStatus(summary);
    addLog('event', `${label} ${summary}`);
  });
  ws.addEventListener('message', (event) => addLog('in', `${label} ← ${describe(event.data)}`));
  ws.addEventListener('error', () => addLog('event', `${label} error`));
  ws.addEventListener('close', (event) => {
    const summary = `closed · code ${event.code} · reason ${preview(event.reason)} · clean ${event.wasClean}`;
    showStatus(summary);
    addLog('event', `${label} ${summary}`);
  });
}

function connect() {
  if (socket) socket.close(1000, 'reconnecting');
  const path = byId('ws-endpoint').value;
  const protocols = byId('ws-protocol')
    .value.split(',')
    .map((protocol) => protocol.trim())
    .filter(Boolean);
  let current;
  try {
    current = new WebSocket(webSocketUrl(path), protocols);
  } catch (error) {
    addLog('event', `ws cannot connect: ${error.message}`);
    return;
  }
  socket = current;
  addLog('event', `ws connecting to ${path}${protocols.length ? ` with sub-protocols ${protocols.join(', ')}` : ''}`);
  watchSocket(current, 'ws', (summary) => {
    if (socket === current) byId('ws-status').textContent = summary;
  });
}

function send(data, description) {
  if (!socket || socket.readyState !== WebSocket.OPEN) {
    addLog('event', 'ws not open: press Connect first');
    return;
  }
  socket.send(data);
  addLog('out', `ws → ${description}`);
}

function sendText() {
  const text = byId('ws-text').value;
  send(text, describe(text));
}

function sendJson() {
  jsonCount += 1;
  const text = JSON.stringify({ type: 'hello', n: jsonCount, time: Date.now(), nested: { ok: true, list: [1, 2, 3] } });
  send(text, describe(text));
}

function sendRandomBytes() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  send(bytes.buffer, describe(bytes.buffer));
}

/** Only the view's 8 bytes (04..0b) must travel, not the whole 16-byte buffer behind it. */
function sendTypedArrayView() {
  const backing = Uint8Array.from({ length: 16 }, (_, i) => i).buffer;
  const view = new Uint8Array(backing, 4, 8);
  send(view, `Uint8Array view (offset 4, length 8): ${hex(view)}`);
}

function sendBlob() {
  blobCount += 1;
  const blob = new Blob([`frametap blob #${blobCount}`]);
  send(blob, `Blob ${blob.size} bytes "frametap blob #${blobCount}"`);
}

function closeSocket() {
  if (!socket) {
    addLog('event', 'ws not connected');
    return;
  }
  const code = Number(byId('ws-close-code').value);
  const reason = byId('ws-close-reason').value;
  try {
    // The browser only lets a page send 1000 or 3000-4999 (it throws InvalidAccessError).
    socket.close(code, reason);
    addLog('out', `ws → close · code ${code} · reason ${preview(reason)}`);
  } catch (error) {
    addLog('event', `ws cannot close with code ${code}: ${error.message}`);
  }
}

function toggleTicks() {
  const button = byId('ws-ticks');
  if (ticker) {
    ticker.close(1000, 'ticks stopped');
    ticker = null;
    button.textContent = 'Start ticks';
    return;
  }
  ticker = new WebSocket(webSocketUrl('/ws/ticks?interval=1000'));
  button.textContent = 'Stop ticks';
  watchSocket(ticker, 'ticks', () => {});
}

// ---- Server-Sent Events --------------------------------------------------------------

let source = null;
const READY_STATES = ['connecting', 'open', 'closed'];

function startEventSource(path) {
  if (source) source.close();
  const current = new EventSource(path);
  source = current;
  const showStatus = (summary) => {
    if (source === current) byId('sse-status').textContent = summary;
  };
  showStatus('connecting…');
  addLog('event', `sse connecting to ${path}`);
  current.addEventListener('open', () => {
    showStatus('open');
    addLog('event', 'sse open');
  });
  for (const type of ['message', 'price', 'news']) {
    current.addEventListener(type, (event) => {
      addLog('in', `sse ← ${type} · id ${preview(event.lastEventId)} · ${preview(event.data)}`);
    });
  }
  current.addEventListener('error', () => {
    // readyState 0 after an error means the browser is about to reconnect; 2 means it gave up.
    const state = READY_STATES[current.readyState];
    showStatus(`error · ${state}`);
    addLog('event', `sse error · ${state === 'connecting' ? 'reconnecting' : state}`);
  });
}

function closeEventSource() {
  if (!source) {
    addLog('event', 'sse not connected');
    return;
  }
  source.close();
  byId('sse-status').textContent = 'closed';
  addLog('event', 'sse closed by the page');
  source = null;
}

// ---- Wiring --------------------------------------------------------------------------

const actions = {
  'ws-connect': connect,
  'ws-send-text': sendText,
  'ws-send-json': sendJson,
  'ws-send-binary': sendRandomBytes,
  'ws-send-view': sendTypedArrayView,
  'ws-send-blob': sendBlob,
  'ws-close': closeSocket,
  'ws-ticks': toggleTicks,
  'sse-start': () => startEventSource('/sse/stream'),
  'sse-drop': () => startEventSource('/sse/drop'),
  'sse-close': closeEventSource,
  'log-clear': () => logList.replaceChildren(),
};
for (const [id, action] of Object.entries(actions)) byId(id).addEventListener('click', action);
