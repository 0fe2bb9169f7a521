import type { HookEvent } from './protocol';

/** Characters of payload an event carries: what budgets and message-size limits count. */
export const payloadLength = (event: HookEvent): number => (event.type === 'frame' ? event.data.length : 0);
