import { DEMO_SYMBOL, demoPrice } from './market';
import type { SseEvent } from './sse-format';

const HEADLINES = [
  'ACME unveils a rocket-powered roller skate',
  'Anvil sales up for the third quarter running',
  'Desert road-runner population stable, analysts say',
];

/**
 * The demo streams' n-th event (n ≥ 1, also its id), cycling through the shapes a viewer
 * must handle: an unnamed JSON event, two named events, and multi-line data.
 */
export function demoEvent(n: number, time: number): SseEvent {
  switch (n % 4) {
    case 1:
      return { id: n, data: JSON.stringify({ type: 'update', n, time }) };
    case 2:
      return { id: n, event: 'price', data: JSON.stringify({ symbol: DEMO_SYMBOL, price: demoPrice(n), time }) };
    case 3:
      return { id: n, event: 'news', data: JSON.stringify({ headline: HEADLINES[n % HEADLINES.length], time }) };
    default:
      return { id: n, data: `multi-line event ${n}\nsecond line of event ${n}` };
  }
}
