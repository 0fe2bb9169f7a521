/**
 * The Frametap demo server: pages with real WebSocket, SSE, streamed fetch(), polling,
 * Socket.IO, SockJS and MQTT traffic, for trying the extension by hand and for the end-to-end
 * tests. Loopback only unless told otherwise.
 *
 * HTTP
 *   GET /                 the demo page (script: GET /demo.js, from server/public/)
 *   GET <added path>      HTML registered with addPage() (tests' fixture pages; wins over /)
 *   GET /mqtt.min.js      MQTT.js's browser bundle (from the mqtt package's dist/)
 *   GET /sockjs.min.js    the SockJS client (from the sockjs-client package's dist/)
 *   GET /favicon.ico      204, so that test pages log no 404
 *   anything else         404 text (405 with Allow for a method an endpoint does not take)
 *
 * Streams read through fetch() (parameters are clamped to their bounds; a value that is not
 * an integer, or not one of the choices, is a 400 text answer)
 *   GET|POST /stream/sse?count=5&interval=100&chunk=0&eol=lf&bom=0
 *                         text/event-stream: `retry: 3000` and `: comment, ignored by parsers`,
 *                         then `count` (≤ 10000) events `interval` (0–60000) ms apart, each with
 *                         `id: <n>`, cycling: unnamed `{"n","type":"update","time"}`, `event: price`
 *                         `{"n","symbol","price","time"}`, two `data:` lines, plain text. `eol`
 *                         lf|crlf|cr; `bom=1` starts with U+FEFF; `chunk=N` (≤ 1 MiB) re-cuts the
 *                         whole output into writes of N bytes (an event's tail waits for the next
 *                         event), else one write per event. A POST's body (text, ≤ 64 KiB, else
 *                         413) comes first as `id: 0`, `event: request`.
 *   GET /stream/ndjson?count=5&interval=100&type=ndjson&chunk=0
 *                         one `{"n","symbol","price","time"}` per line; `type` ndjson
 *                         (application/x-ndjson), jsonl (application/jsonl), json-seq
 *                         (application/json-seq: RS 0x1E before each record, LF after),
 *                         stream+json (application/stream+json); count, interval, chunk as above
 *   GET /stream/multipart?count=3&interval=100
 *                         multipart/x-mixed-replace; boundary=frametap: parts
 *                         `--frametap` CRLF, Content-Type: application/json, Content-Length, a
 *                         `{"n",…}` body; then `--frametap--`
 *   GET|POST /llm/openai, /llm/anthropic, /llm/responses ?tokens=12&interval=30&text=
 *                         fake model replies streamed as text/event-stream, token by token
 *                         (words with their leading space), in the wire format of OpenAI Chat
 *                         Completions (chunks, then `data: [DONE]`), Anthropic Messages
 *                         (message_start … message_stop) and OpenAI Responses
 *                         (response.created, response.output_text.delta…, .done,
 *                         response.completed). POST takes a JSON body (`{"prompt":"…"}`, ≤ 64 KiB);
 *                         GET is for EventSource. tokens ≤ 5000, interval ≤ 10000 ms, `text`
 *                         (≤ 16000 chars) replaces the built-in reply. See llm-streams.ts.
 *
 * Streams that misbehave (bounded; for robustness tests)
 *   GET /stream/endless?interval=50
 *                         SSE events (as /stream/sse's) until the client goes away or close()
 *   GET /stream/huge?size=104857600&type=ndjson
 *                         one record of exactly `size` (64 B–128 MiB) bytes in one write — an
 *                         NDJSON line `{"n":1,"pad":"xxx…"}` LF, or with type=sse an event
 *                         `data: {…}` LF LF — then a small normal record (n 2). Huge responses
 *                         share a 256 MiB budget: past it, 503.
 *   GET /stream/long-line?size=10485760
 *                         SSE: `data: ` and `size` (≤ 128 MiB) bytes `x`, no newline; then the end
 *   GET /stream/invalid-utf8
 *                         SSE events with invalid UTF-8 (FF FE; a truncated E2 82; overlong
 *                         C0 AF; a surrogate ED A0 80), an event whose € is split across two
 *                         writes (E2 | 82 AC), then `id: 5`, `data: {"valid":true}`
 *   GET /stream/cut       SSE: two events, then half of a third (`id: 3`, `data: {"n":3,"type":"upd`);
 *                         then the server ends the response
 *
 * The shared price feed (one per server, a tick every `priceTickMs`, default 1000; each tick
 * `{"symbol":"ACME","price","n","time"}` with `time` the server's tick time, epoch ms)
 *   GET /poll/price?t=…   short polling: the latest tick, Cache-Control: no-store
 *   GET /longpoll/price?since=0&timeout=25000
 *                         long polling: the latest tick at once if its n > since, else held until
 *                         the next tick (200) or `timeout` ms (≤ 120000; then 204); a held request
 *                         gets 503 on close()
 *   GET /sse/price        SSE for EventSource and fetch(): `retry: 1000`, the latest tick at once,
 *                         then each tick, unnamed, with `id: <n>`
 *   WS  /ws/price         the latest tick at once, then each tick, as JSON text messages
 *   GET /lab              the real-time lab page (script GET /lab.js): the feed by all five routes
 *
 * WebSocket (every endpoint selects the first sub-protocol the client asks for)
 *   /ws/echo              echoes each message, text as text, binary as binary; offers
 *                         permessage-deflate (compresses 1 KiB–1 MiB messages). A text message
 *                         `close:<code>:<reason>` makes the server close with that code/reason.
 *   /ws/room?room=lobby   broadcasts each message to every member of the room, sender included
 *   /ws/ticks?interval=1000&count=∞
 *                         JSON ticks {"type":"tick","n":1,"symbol":"ACME","price":123.45,"time":…},
 *                         the first at once; interval ≥ 10 ms, count ≤ 1e6
 *   /ws/close?code=4000&reason=&after=100
 *                         the server closes with that code and reason after `after` ms
 *                         (an unsendable code or a reason over 123 bytes: 400 before upgrade)
 *   /ws/flood?count=1000&size=64&binary=0&rate=0
 *                         `count` (≤ 2e6) messages of exactly `size` bytes (≤ 64 MiB), paced at
 *                         `rate`/s (0 = as fast as the client reads, with backpressure), then
 *                         {"type":"flood-end","count":N}. Text `000001|xxxx…`; binary: the
 *                         message number as a big-endian uint32, then bytes i & 0xff
 *   /ws/invalid-utf8      four binary frames of invalid UTF-8, then one valid text frame
 *   /ws/price             the shared price feed (above)
 *   /mqtt                 an MQTT broker (aedes, MQTT 3.1.1) over WebSocket (MQTT.js asks for `mqtt`);
 *                         each packet is written in pieces, one WebSocket frame per piece
 *                         (see mqtt-broker.ts). Browser client: GET /mqtt.min.js (MQTT.js's bundle)
 *
 * Socket.IO (socket.io 4, path /socket.io/, client script /socket.io/socket.io.min.js)
 *   namespace /chat       rooms: `room:join`, `room:leave`, `chat:message` broadcast to a room,
 *                         each acked (see socket-io-chat.ts); Engine.IO pings every 25 s unless
 *                         the `socketIo` option says otherwise
 *
 * SockJS (sockjs 0.3, prefix /sockjs, client script GET /sockjs.min.js from sockjs-client's dist/)
 *   /sockjs               an echo server: every message comes back as sent, over whichever
 *                         transport the client picks (websocket, xhr-streaming, xhr-polling, …)
 *
 * SSE
 *   /sse/stream?count=∞&interval=1000
 *                         `retry: 2000`, then events cycling: unnamed JSON, `event: price`,
 *                         `event: news`, unnamed two-line data; each with an `id:` (continuing
 *                         after Last-Event-ID); `: keep-alive` after every third. Ends after
 *                         `count` events (the browser then reconnects and gets the next ones).
 *   /sse/drop?after=3     `retry: 500`, `after` events, then the server ends the response; the
 *                         browser reconnects with Last-Event-ID and ids continue; after three
 *                         reconnections: 204, and the browser stops.
 *
 * Demo page element ids (for tests; script GET /demo.js, /socketio-demo.js, /streams-demo.js)
 *   WebSocket: #ws-endpoint (select: echo, room, ticks), #ws-protocol (comma-separated
 *     sub-protocols), #ws-connect, #ws-text + #ws-send-text, #ws-send-json,
 *     #ws-send-binary (16 random bytes as an ArrayBuffer), #ws-send-view (a Uint8Array view at
 *     offset 4 of a 16-byte buffer 00..0f: bytes 04..0b), #ws-send-blob (a Blob with the text
 *     `frametap blob #<n>`), #ws-close-code + #ws-close-reason + #ws-close, #ws-ticks (opens
 *     or closes a second socket on /ws/ticks), #ws-status
 *   SSE: #sse-start (/sse/stream), #sse-drop (/sse/drop), #sse-close, #sse-status
 *   Socket.IO: #sio-connect (WebSocket transport only), #sio-connect-default (socket.io's
 *     default transports: polling, then the upgrade to WebSocket), #sio-disconnect, #sio-status
 *     (`connected · id <id> · <transport>`), #sio-room + #sio-join / #sio-leave, #sio-text + #sio-send
 *   Streams read through fetch(): #fetch-endpoint (select of "METHOD /path?query": /stream/sse,
 *     /stream/ndjson, /stream/multipart, /llm/*, /stream/invalid-utf8, /stream/cut), #fetch-start,
 *     #fetch-stop, #fetch-status
 *   SockJS (client loaded on first use): #sockjs-connect, #sockjs-send, #sockjs-close, #sockjs-status
 *   MQTT (MQTT.js loaded on first use; topic demo/chat): #mqtt-connect, #mqtt-publish, #mqtt-close,
 *     #mqtt-status
 *   #lab-link: the link to /lab
 *   Log: #log (one <li> per thing the page saw, text only), #log-clear
 *
 * Lab page element ids (GET /lab)
 *   #lab-start, #lab-stop, #lab-status; one column per rung, #lab-short-poll, #lab-long-poll,
 *   #lab-sse, #lab-sse-fetch, #lab-ws, each with [data-stat=price|requests|bytes|latency|state]
 *   (requests counts connections for EventSource and WebSocket)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestListener } from './http-routes';
import { llmEndpoints } from './llm-streams';
import { startMqttBroker } from './mqtt-broker';
import { createPriceEndpoints } from './price-endpoints';
import { DEFAULT_PRICE_TICK_MS, startPriceFeed } from './price-feed';
import { createScopeRegistry } from './scope';
import { sseDropEndpoint } from './sse-drop';
import { sseStreamEndpoint } from './sse-stream';
import { HTML, loadDemoPages } from './static-pages';
import { createHostileEndpoints } from './stream-hostile';
import { streamMultipartEndpoint } from './stream-multipart';
import { streamNdjsonEndpoint } from './stream-ndjson';
import { streamSseEndpoint } from './stream-sse';
import { waitFor } from './wait-for';
import { attachSocketIoChat, isSocketIoRequest, type SocketIoChatOptions } from './socket-io-chat';
import { attachSockJsEcho, isSockJsRequest } from './sockjs-echo';
import { closeEndpoint } from './ws-close';
import { echoEndpoint } from './ws-echo';
import { floodEndpoint } from './ws-flood';
import { invalidUtf8Endpoint } from './ws-invalid-utf8';
import { createPriceWsEndpoint } from './ws-price';
import { createWsRecorder, type ReceivedClose, type ReceivedMessage } from './ws-recorder';
import { createRoomEndpoint } from './ws-room';
import { ticksEndpoint } from './ws-ticks';
import { createUpgradeHandler } from './ws-upgrades';

export type { ReceivedClose, ReceivedMessage };

export interface DemoServerOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** socket.io's settings, for tests: a short ping interval, say. Default socket.io's own. */
  socketIo?: SocketIoChatOptions;
  /** Milliseconds between the shared price feed's ticks (/poll, /longpoll, /sse, /ws/price). Default 1000. */
  priceTickMs?: number;
}

export interface DemoServer {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  /** e.g. `ws://127.0.0.1:41234` */
  wsOrigin: string;
  port: number;
  /** Every WebSocket message received, oldest first (at least the last 100k are kept). */
  received: ReceivedMessage[];
  /** Every close frame a client sent, with its code and reason. */
  closes: ReceivedClose[];
  /** Serves `html` (text/html; charset=utf-8) at `path`, e.g. a test's fixture page, with any extra `headers`. */
  addPage(path: string, html: string, headers?: Record<string, string>): void;
  /** How many responses of the endpoint at `path` are still open: a client's cancel or abort ends its own. */
  openResponses(path: string): number;
  /** Polls until `predicate` returns something truthy (default timeout 10 s). */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /**
   * Ends every open response (streams, held long polls: 503), terminates WebSockets, closes
   * Socket.IO, SockJS and MQTT clients, stops timers and the HTTP server. Idempotent.
   */
  close(): Promise<void>;
}

export async function startDemoServer({
  port = 0,
  host = '127.0.0.1',
  socketIo: socketIoOptions,
  priceTickMs = DEFAULT_PRICE_TICK_MS,
}: DemoServerOptions = {}): Promise<DemoServer> {
  const pages = await loadDemoPages();
  const scopes = createScopeRegistry();
  const recorder = createWsRecorder();
  const priceFeed = startPriceFeed(scopes.open(), priceTickMs);
  const mqtt = await startMqttBroker();
  const upgrades = createUpgradeHandler({
    endpoints: [
      echoEndpoint,
      createRoomEndpoint(),
      ticksEndpoint,
      closeEndpoint,
      floodEndpoint,
      invalidUtf8Endpoint,
      createPriceWsEndpoint(priceFeed),
      mqtt.endpoint,
    ],
    scopes,
    recorder,
  });
  const httpEndpoints = [
    sseStreamEndpoint,
    sseDropEndpoint,
    streamSseEndpoint,
    streamNdjsonEndpoint,
    streamMultipartEndpoint,
    ...createHostileEndpoints(),
    ...createPriceEndpoints(priceFeed),
    ...llmEndpoints,
  ];
  const openResponses = new Map<string, number>();
  const server = createServer(createRequestListener({ pages, endpoints: httpEndpoints, scopes, openResponses }));
  const socketIo = attachSocketIoChat(server, socketIoOptions);
  server.on('upgrade', (request, socket, head) => {
    if (!isSocketIoRequest(request.url) && !isSockJsRequest(request.url)) upgrades.onUpgrade(request, socket, head);
  });
  // After the listeners above: SockJS puts its own in front of them.
  const sockJs = attachSockJsEcho(server);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    origin: `http://${hostInUrl}:${address.port}`,
    wsOrigin: `ws://${hostInUrl}:${address.port}`,
    port: address.port,
    received: recorder.received,
    closes: recorder.closes,
    addPage(path, html, headers) {
      if (!path.startsWith('/')) throw new Error(`addPage: path must start with "/", got ${JSON.stringify(path)}`);
      pages.set(path, { contentType: HTML, body: html, headers });
    },
    openResponses: (path) => openResponses.get(path) ?? 0,
    waitFor,
    close() {
      closing ??= Promise.all([
        mqtt.close(),
        new Promise<void>((resolve, reject) => {
          scopes.disposeAll();
          socketIo.close();
          sockJs.close();
          upgrades.close();
          server.close((error) => (error ? reject(error) : resolve()));
          // Idle keep-alive connections would otherwise hold close() open for seconds.
          server.closeAllConnections();
        }),
      ]).then(() => {});
      return closing;
    },
  };
}
