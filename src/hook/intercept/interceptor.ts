/**
 * Applies the panel's intercept rules to the messages of the page's connections: drop, delay,
 * rewrite, respond, or pause until the panel lets the message go.
 *
 * While no rule is set and nothing is held, `intercepting` is false and the wrappers take their
 * usual path: rules cost the page nothing until someone sets one. While rules are set, every
 * message of a connection goes through `interceptMessage`, which records its frame (with what a
 * rule did to it) and either lets it go natively at once, or takes it over: a connection whose
 * messages are held in one direction delivers everything after them, in that direction, in order,
 * behind them (lane.ts). The rules go when the panel does (an empty list): whatever they held then
 * goes at once, in order, as it was.
 */
import type { ConnId, Direction, FrameIntercept } from '../../shared/protocol';
import { record, type Connection } from '../connection';
import { apply, createWeakStore, nativeSetTimeout, now, objectCreate } from '../natives';
import { captureText, type CapturedPayload } from '../payload';
import type { CompiledRule } from './compiled-rule';
import { createLane, type Lane } from './lane';
import { firstMatch, replyOf, rewrite, type RuleMatch } from './message-rules';

/** A Respond rule answering more often than this in a second is taken for a loop and stopped. */
export const MAX_REPLIES_PER_SECOND = 100;

/** The page side of one connection, as rules need it. */
export interface Endpoint {
  readonly connection: Connection;
  readonly url: string;
  /** Hands the page a new received text message (a Respond's reply), as the server would have sent it. */
  receiveText(text: string): void;
}

/** A message of the connection, as the page sent it or the browser received it. */
export interface Message {
  dir: Direction;
  /** The text, or null for binary. */
  text: string | null;
  payload: CapturedPayload;
  /** Event streams: the event's type and id. */
  event?: string;
  lastEventId?: string;
  /** Delivers the message as it was, when it was taken over. */
  deliver(): void;
  /** Delivers `text` in its place (a rewrite, an edit): to the server, or to the page with the message's type and id. */
  deliverAs(text: string): void;
}

interface Held {
  endpoint: Endpoint;
  lanes: Record<Direction, Lane>;
  nextHold: number;
  /** Each open hold's message. */
  holds: Record<number, Message>;
}

let rules: readonly CompiledRule[] = [];
const states = createWeakStore<Connection, Held>();
/** Connections with held messages, by id: the panel's releases find them here. */
const busy = objectCreate(null) as Record<ConnId, Held | undefined>;
/** Each Respond rule's replies in the current second. */
let replyWindowStart = 0;
let repliesInWindow = objectCreate(null) as Record<string, number>;

function stateOf(endpoint: Endpoint): Held {
  const { connection } = endpoint;
  let state = states.get(connection);
  if (!state) {
    const idle = (): void => {
      if (held.lanes.out.idle && held.lanes.in.idle) delete busy[connection.id];
    };
    const held: Held = { endpoint, lanes: { out: createLane(idle), in: createLane(idle) }, nextHold: 0, holds: objectCreate(null) as Record<number, Message> };
    states.set(connection, held);
    state = held;
  }
  return state;
}

/** Whether the connection's messages go through `interceptMessage`. */
export function intercepting(connection: Connection): boolean {
  return rules.length > 0 || busy[connection.id] !== undefined;
}

/** Whether the connection holds messages in `dir`: later events in that direction must wait behind them. */
export function holdingBack(connection: Connection, dir: Direction): boolean {
  const state = busy[connection.id];
  return state !== undefined && !state.lanes[dir].idle;
}

/** Queues `deliver` behind what the connection holds in `dir`. */
function enqueue(state: Held, dir: Direction, due: number, hold: number, deliver: () => void): void {
  busy[state.endpoint.connection.id] = state;
  state.lanes[dir].push({ due, hold, deliver });
}

/** Queues a browser event other than a message (an error, a close) behind the messages held before it. */
export function deferEvent(endpoint: Endpoint, deliver: () => void): void {
  enqueue(stateOf(endpoint), 'in', 0, -1, deliver);
}

function recordFrame(connection: Connection, message: Message, intercept: FrameIntercept): void {
  const { dir, payload, event, lastEventId } = message;
  record(connection, { type: 'frame', dir, via: 'page', ...payload, event, lastEventId, ...intercept });
}

/** Whether the Respond rule may answer once more; when not, it is stopped for this document. */
function mayReply(rule: CompiledRule): boolean {
  const time = now();
  if (time - replyWindowStart >= 1000) {
    replyWindowStart = time;
    repliesInWindow = objectCreate(null) as Record<string, number>;
  }
  const count = (repliesInWindow[rule.id] ?? 0) + 1;
  repliesInWindow[rule.id] = count;
  if (count <= MAX_REPLIES_PER_SECOND) return true;
  const kept: CompiledRule[] = [];
  for (let i = 0; i < rules.length; i++) if ((rules[i] as CompiledRule).id !== rule.id) kept[kept.length] = rules[i] as CompiledRule;
  rules = kept;
  return false;
}

/**
 * A Respond's reply, after the rule's delay: a message of its own, which holds back none of the
 * server's, but waits behind what the connection holds when its time comes.
 */
function reply(state: Held, match: RuleMatch): void {
  const text = replyOf(match);
  const { endpoint } = state;
  const deliver = (): void => {
    record(endpoint.connection, { type: 'frame', dir: 'in', via: 'rule', ...captureText(text), rule: match.rule.id });
    endpoint.receiveText(text);
  };
  const due = (): void => {
    // A reply comes only while its rule holds: not after the panel left, or turned the rule off.
    if (!isSet(match.rule.id)) return;
    if (state.lanes.in.idle) deliver();
    else enqueue(state, 'in', 0, -1, deliver);
  };
  apply(nativeSetTimeout, undefined, [due, match.rule.delayMs]);
}

function isSet(id: string): boolean {
  for (let i = 0; i < rules.length; i++) if ((rules[i] as CompiledRule).id === id) return true;
  return false;
}

/** Delivers now when nothing waits in the message's direction, or queues it behind what does. */
function go(state: Held, message: Message, deliver: () => void, sync: boolean): boolean {
  if (state.lanes[message.dir].idle) {
    if (sync) return false;
    deliver();
    return true;
  }
  enqueue(state, message.dir, 0, -1, deliver);
  return true;
}

/**
 * Records the message and applies the first rule that matches it. False: the message goes on
 * natively, now, as it was. True: Frametap took it over, and the caller must not deliver it.
 */
export function interceptMessage(endpoint: Endpoint, message: Message): boolean {
  const state = stateOf(endpoint);
  const { connection } = endpoint;
  const match = firstMatch(rules, endpoint.url, message.dir, message.text);
  const rule = match?.rule;
  if (!match || !rule) {
    recordFrame(connection, message, {});
    return go(state, message, message.deliver, true);
  }
  switch (rule.action) {
    case 'drop':
      recordFrame(connection, message, { rule: rule.id, action: 'drop' });
      return true;
    case 'delay':
      recordFrame(connection, message, { rule: rule.id, action: 'delay', delayMs: rule.delayMs });
      enqueue(state, message.dir, now() + rule.delayMs, -1, message.deliver);
      return true;
    case 'rewrite': {
      const text = rewrite(match, message.text);
      if (text === null) {
        recordFrame(connection, message, {});
        return go(state, message, message.deliver, true);
      }
      const delivered = captureText(text);
      recordFrame(connection, message, {
        rule: rule.id,
        action: 'rewrite',
        delivered: delivered.data as string,
        deliveredSize: delivered.size,
        deliveredTruncated: delivered.truncated,
      });
      return go(state, message, () => message.deliverAs(text), false);
    }
    case 'respond': {
      if (!mayReply(rule)) {
        recordFrame(connection, message, { rule: rule.id, action: 'respond', loop: true });
        return go(state, message, message.deliver, true);
      }
      recordFrame(connection, message, { rule: rule.id, action: 'respond', passed: rule.passThrough, delayMs: rule.delayMs });
      reply(state, match);
      return rule.passThrough ? go(state, message, message.deliver, true) : true;
    }
    case 'pause': {
      const hold = state.nextHold++;
      state.holds[hold] = message;
      recordFrame(connection, message, { rule: rule.id, action: 'pause', hold });
      enqueue(state, message.dir, 0, hold, message.deliver);
      return true;
    }
  }
}

/** Lets a paused message go: as it was, as `text`, or not at all. Null when done; otherwise why not. */
export function release(conn: ConnId, hold: number, drop: boolean, text: string | undefined): string | null {
  const state = busy[conn];
  const message = state?.holds[hold];
  if (!state || !message) return 'That message is no longer paused';
  delete state.holds[hold];
  const deliver = drop ? () => undefined : text === undefined ? null : () => message.deliverAs(text);
  state.lanes[message.dir].release(hold, deliver);
  const edited = !drop && text !== undefined ? captureText(text) : null;
  record(state.endpoint.connection, {
    type: 'release',
    hold,
    outcome: drop ? 'dropped' : edited ? 'edited' : 'continued',
    data: edited ? (edited.data as string) : undefined,
    size: edited?.size,
    truncated: edited?.truncated,
  });
  return null;
}

/** Lets everything held in `dir` go now, in order, paused messages as they were. */
function flushLane(state: Held, dir: Direction): void {
  for (const hold in state.holds) {
    if ((state.holds[hold] as Message).dir !== dir) continue;
    record(state.endpoint.connection, { type: 'release', hold: +hold, outcome: 'continued' });
    delete state.holds[hold];
  }
  state.lanes[dir].flush();
}

/**
 * The page closes the connection: what it sent before goes first, as the browser sends a socket's
 * buffered messages before its close frame. Delays are cut short then, and paused messages
 * continue, rather than be lost.
 */
export function sendHeldBeforeClose(connection: Connection): void {
  const state = busy[connection.id];
  if (state) flushLane(state, 'out');
}

/** The panel's rules from now on; none: interception is over, and whatever was held goes now. */
export function setRules(next: readonly CompiledRule[]): void {
  rules = next;
  repliesInWindow = objectCreate(null) as Record<string, number>;
  if (next.length > 0) return;
  for (const id in busy) {
    const state = busy[id] as Held;
    flushLane(state, 'out');
    flushLane(state, 'in');
  }
}
