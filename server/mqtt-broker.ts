/**
 * An MQTT broker (aedes) reached over WebSocket at `/mqtt`, for MQTT.js in the page.
 *
 * Wired the way aedes' WebSocket example (docs/Examples.md, example.js) wires it: each upgraded
 * socket wrapped by `ws`' `createWebSocketStream` and handed to `aedes.handle`. aedes writes
 * every packet through mqtt-packet's `writeToStream`, which writes the fixed header, the
 * length and the payload as separate pieces (corked, then uncorked on the next tick), and that
 * stream sends each piece as its own WebSocket frame: one MQTT packet spans several frames.
 * Real deployments of aedes behave so, and the panel's MQTT decoder has to reassemble them,
 * so nothing here buffers packets into single frames. (websocket-stream, which older aedes
 * examples used, would join corked pieces into one frame through its `_writev`.)
 */
import { Aedes } from 'aedes';
import { createWebSocketStream } from 'ws';
import type { WsEndpoint } from './ws-endpoint';

export const MQTT_PATH = '/mqtt';

export interface MqttBroker {
  endpoint: WsEndpoint;
  /** Disconnects every client and stops the broker's timers. */
  close(): Promise<void>;
}

export async function startMqttBroker(): Promise<MqttBroker> {
  const broker = await Aedes.createBroker();
  // A client that sends garbage is disconnected by aedes; the event only needs a listener.
  broker.on('connectionError', () => {});
  broker.on('clientError', () => {});

  return {
    endpoint: {
      path: MQTT_PATH,
      accept: () => ({
        serve({ ws }) {
          const stream = createWebSocketStream(ws);
          // A client vanishing mid-packet errors the stream; aedes has already dropped the client.
          stream.on('error', () => {});
          broker.handle(stream);
        },
      }),
    },
    close: () => new Promise((resolve) => broker.close(() => resolve())),
  };
}
