// The real-time lab: the server's one price feed by five routes at once (short polling, long
// polling, SSE by EventSource and by fetch, WebSocket), each column counting its requests (or
// connections), the bytes it received and the latency from the tick's server time to arrival.
// Text rendering only: what the server sends is data, never markup.
'use strict';

/* global fetch, TextDecoder, TextEncoder, AbortController, URL, setTimeout, clearTimeout */

const SHORT_POLL_MS = 1000;
const RETRY_MS = 1000;
const LONG_POLL_TIMEOUT_MS = 25000;

const encoder = new TextEncoder();

/** One column: its counters, rendered into the `[data-stat]` elements of `#lab-<name>`. */
function createColumn(name) {
  const root = document.getElementById(`lab-${name}`);
  const cell = (stat) => root.querySelector(`[data-stat="${stat}"]`);
  const stats = { requests: 0, bytes: 0 };
  const render = () => {
    cell('requests').textContent = String(stats.requests);
    cell('bytes').textContent = String(stats.bytes);
  };
  return {
    reset() {
      stats.requests = 0;
      stats.bytes = 0;
      render();
      cell('price').textContent = '–';
      cell('latency').textContent = '–';
    },
    request() {
      stats.requests += 1;
      render();
    },
    received(byteCount) {
      stats.bytes += byteCount;
      render();
    },
    /** A tick's JSON text `{"symbol","price","n","time"}` arrived; ignores anything else. */
    tick(json) {
      let tick;
      try {
        tick = JSON.parse(json);
      } catch {
        return;
      }
      if (typeof tick?.price !== 'number' || typeof tick.time !== 'number') return;
      cell('price').textContent = tick.price.toFixed(2);
      cell('latency').textContent = `${Math.max(0, Date.now() - tick.time)} ms`;
    },
    state(text) {
      cell('state').textContent = text;
    },
  };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Each rung: start(column, signal) runs until `signal` aborts. */
const rungs = {
  'short-poll': async (column, signal) => {
    while (!signal.aborted) {
      column.request();
      try {
        const response = await fetch(`/poll/price?t=${Date.now()}`, { signal, cache: 'no-store' });
        const text = await response.text();
        column.received(encoder.encode(text).length);
        column.tick(text);
        column.state(`HTTP ${response.status}`);
      } catch (error) {
        if (!signal.aborted) column.state(`error: ${error.message}`);
      }
      await sleep(SHORT_POLL_MS, signal);
    }
  },

  'long-poll': async (column, signal) => {
    let since = 0;
    while (!signal.aborted) {
      column.request();
      try {
        const response = await fetch(`/longpoll/price?since=${since}&timeout=${LONG_POLL_TIMEOUT_MS}`, { signal, cache: 'no-store' });
        const text = await response.text();
        column.received(encoder.encode(text).length);
        column.state(`HTTP ${response.status}`);
        if (response.status === 200) {
          column.tick(text);
          since = JSON.parse(text).n;
        } else if (response.status !== 204) {
          await sleep(RETRY_MS, signal);
        }
      } catch (error) {
        if (signal.aborted) return;
        column.state(`error: ${error.message}`);
        await sleep(RETRY_MS, signal);
      }
    }
  },

  sse: (column, signal) => {
    const source = new EventSource('/sse/price');
    source.onopen = () => {
      column.request();
      column.state('open');
    };
    source.onmessage = (event) => {
      // The data only: EventSource does not expose the bytes on the wire.
      column.received(encoder.encode(event.data).length);
      column.tick(event.data);
    };
    source.onerror = () => column.state(source.readyState === EventSource.CONNECTING ? 'reconnecting…' : 'closed');
    signal.addEventListener('abort', () => source.close());
  },

  'sse-fetch': async (column, signal) => {
    while (!signal.aborted) {
      column.request();
      try {
        const response = await fetch('/sse/price', { signal, headers: { Accept: 'text/event-stream' } });
        column.state(`HTTP ${response.status}, streaming`);
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          column.received(value.length);
          buffer += decoder.decode(value, { stream: true });
          // Events end with a blank line; the feed's are single `data:` lines of JSON.
          const events = buffer.split(/\r\n\r\n|\n\n|\r\r/);
          buffer = events.pop();
          for (const event of events) {
            const data = event.split(/\r\n|\n|\r/).filter((line) => line.startsWith('data:')).map((line) => line.slice(5).replace(/^ /, ''));
            if (data.length > 0) column.tick(data.join('\n'));
          }
        }
        column.state('ended');
      } catch (error) {
        if (signal.aborted) return;
        column.state(`error: ${error.message}`);
      }
      await sleep(RETRY_MS, signal);
    }
  },

  ws: (column, signal) => {
    const connect = () => {
      if (signal.aborted) return;
      const url = new URL('/ws/price', location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(url);
      ws.onopen = () => {
        column.request();
        column.state('open');
      };
      ws.onmessage = (event) => {
        column.received(encoder.encode(event.data).length);
        column.tick(event.data);
      };
      ws.onclose = (event) => {
        if (signal.aborted) return;
        column.state(`closed ${event.code}, reconnecting…`);
        setTimeout(connect, RETRY_MS);
      };
      signal.addEventListener('abort', () => ws.close(1000, 'lab stopped'));
    };
    connect();
  },
};

const columns = Object.fromEntries(Object.keys(rungs).map((name) => [name, createColumn(name)]));
let running = null;

function start() {
  stop();
  running = new AbortController();
  for (const [name, run] of Object.entries(rungs)) {
    const column = columns[name];
    column.reset();
    column.state('starting…');
    run(column, running.signal);
  }
  document.getElementById('lab-status').textContent = 'running';
}

function stop() {
  if (!running) return;
  running.abort();
  running = null;
  for (const column of Object.values(columns)) column.state('stopped');
  document.getElementById('lab-status').textContent = 'stopped';
}

document.getElementById('lab-start').addEventListener('click', start);
document.getElementById('lab-stop').addEventListener('click', stop);
