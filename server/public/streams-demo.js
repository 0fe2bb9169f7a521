// The demo page's newer transports: streams read through fetch() (SSE, NDJSON, multipart, LLM
// token streams), SockJS and MQTT over WebSocket. Uses the log of demo.js (`addLog`, `preview`,
// `byId`, `webSocketUrl`: classic scripts share their globals). The SockJS and MQTT clients are
// loaded only when first used, so the page opens no worker or socket of theirs until asked.
'use strict';

/* global addLog, preview, byId, webSocketUrl, fetch, TextDecoder, AbortController, SockJS, mqtt */

// ---- Streams read through fetch() ----------------------------------------------------

let streamAbort = null;

async function startFetchStream() {
  stopFetchStream();
  const [method, path] = byId('fetch-endpoint').value.split(' ');
  const controller = new AbortController();
  streamAbort = controller;
  const showStatus = (text) => {
    if (streamAbort === controller) byId('fetch-status').textContent = text;
  };
  const init = { method, signal: controller.signal };
  if (method === 'POST') {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify({ prompt: 'Why stream a reply?' });
  }
  addLog('out', `fetch → ${method} ${path}`);
  showStatus('requesting…');
  try {
    const response = await fetch(path, init);
    showStatus(`HTTP ${response.status} · ${response.headers.get('content-type')}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let chunks = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks += 1;
      addLog('in', `fetch ← chunk ${chunks} · ${value.length} bytes · ${preview(decoder.decode(value, { stream: true }))}`);
    }
    showStatus(`done · ${chunks} chunks`);
    addLog('event', `fetch ${path} ended after ${chunks} chunks`);
  } catch (error) {
    showStatus(controller.signal.aborted ? 'stopped' : `error · ${error.message}`);
    if (!controller.signal.aborted) addLog('event', `fetch error: ${preview(String(error.message))}`);
  }
}

function stopFetchStream() {
  if (!streamAbort) return;
  streamAbort.abort();
  streamAbort = null;
  byId('fetch-status').textContent = 'stopped';
}

// ---- Client libraries, loaded on first use ------------------------------------------------

const loading = new Map();

function loadScript(src) {
  if (!loading.has(src)) {
    loading.set(
      src,
      new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`could not load ${src}`));
        document.head.append(script);
      }),
    );
  }
  return loading.get(src);
}

// ---- SockJS --------------------------------------------------------------------------------

let sockjs = null;
let sockjsCount = 0;

async function connectSockJs() {
  if (sockjs) sockjs.close();
  await loadScript('/sockjs.min.js');
  const current = new SockJS('/sockjs');
  sockjs = current;
  const showStatus = (text) => {
    if (sockjs === current) byId('sockjs-status').textContent = text;
  };
  showStatus('connecting…');
  current.onopen = () => {
    showStatus(`open · ${current.transport}`);
    addLog('event', `sockjs open over ${current.transport}`);
  };
  current.onmessage = (event) => addLog('in', `sockjs ← ${preview(String(event.data))}`);
  current.onclose = (event) => {
    showStatus(`closed · code ${event.code}`);
    addLog('event', `sockjs closed · code ${event.code} · ${preview(event.reason)}`);
  };
}

function sendSockJs() {
  if (!sockjs || sockjs.readyState !== SockJS.OPEN) {
    addLog('event', 'sockjs not open: press Connect first');
    return;
  }
  sockjsCount += 1;
  const text = JSON.stringify({ type: 'hello', n: sockjsCount });
  sockjs.send(text);
  addLog('out', `sockjs → ${text}`);
}

// ---- MQTT ----------------------------------------------------------------------------------

const MQTT_TOPIC = 'demo/chat';
let mqttClient = null;
let mqttCount = 0;

async function connectMqtt() {
  if (mqttClient) mqttClient.end(true);
  await loadScript('/mqtt.min.js');
  const current = mqtt.connect(webSocketUrl('/mqtt'), { protocolVersion: 4, reconnectPeriod: 0 });
  mqttClient = current;
  const showStatus = (text) => {
    if (mqttClient === current) byId('mqtt-status').textContent = text;
  };
  showStatus('connecting…');
  current.on('connect', () => {
    showStatus(`connected · subscribed to ${MQTT_TOPIC}`);
    addLog('event', 'mqtt connected');
    current.subscribe(MQTT_TOPIC, { qos: 1 });
  });
  current.on('message', (topic, payload) => addLog('in', `mqtt ← ${preview(topic)} ${preview(payload.toString())}`));
  current.on('error', (error) => addLog('event', `mqtt error: ${preview(String(error.message))}`));
  current.on('close', () => showStatus('closed'));
}

function publishMqtt() {
  if (!mqttClient || !mqttClient.connected) {
    addLog('event', 'mqtt not connected: press Connect first');
    return;
  }
  mqttCount += 1;
  const text = JSON.stringify({ type: 'hello', n: mqttCount });
  mqttClient.publish(MQTT_TOPIC, text, { qos: 1 });
  addLog('out', `mqtt → ${MQTT_TOPIC} ${text}`);
}

// ---- Wiring --------------------------------------------------------------------------------

/** Logs a failure (a client script that would not load) instead of leaving it unhandled. */
const logged = (action) => () => action().catch((error) => addLog('event', preview(String(error.message))));

const streamActions = {
  'fetch-start': logged(startFetchStream),
  'fetch-stop': stopFetchStream,
  'sockjs-connect': logged(connectSockJs),
  'sockjs-send': sendSockJs,
  'sockjs-close': () => {
    if (sockjs) sockjs.close();
    sockjs = null;
  },
  'mqtt-connect': logged(connectMqtt),
  'mqtt-publish': publishMqtt,
  'mqtt-close': () => {
    if (mqttClient) mqttClient.end();
    mqttClient = null;
  },
};
for (const [id, action] of Object.entries(streamActions)) byId(id).addEventListener('click', action);
