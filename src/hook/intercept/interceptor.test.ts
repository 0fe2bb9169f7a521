import { afterEach, describe, expect, it } from 'vitest';
import { hookRulesOf, interceptRule, type InterceptRule } from '../../shared/intercept-rules';
import type { HookEvent } from '../../shared/protocol';
import { openConnection } from '../connection';
import { captureText } from '../payload';
import { compileRules } from './compiled-rule';
import { MAX_REPLIES_PER_SECOND, interceptMessage, intercepting, release, setRules, type Endpoint, type Message } from './interceptor';

const rule = (fields: Partial<InterceptRule>): InterceptRule => interceptRule('r', fields);

const use = (...rules: InterceptRule[]): void => setRules(compileRules(JSON.parse(JSON.stringify(hookRulesOf(rules))))!);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function socket() {
  const events: HookEvent[] = [];
  const delivered: string[] = [];
  const connection = openConnection((event) => events.push(event as HookEvent));
  const endpoint: Endpoint = { connection, url: 'ws://h/chat', receiveText: (text) => delivered.push(`reply:${text}`) };
  const message = (dir: 'in' | 'out', text: string): Message => ({
    dir,
    text,
    payload: captureText(text),
    deliver: () => delivered.push(text),
    deliverAs: (edited) => delivered.push(`as:${edited}`),
  });
  const frames = () => events.filter((event) => event.type === 'frame');
  return { connection, endpoint, events, delivered, frames, pass: (dir: 'in' | 'out', text: string) => interceptMessage(endpoint, message(dir, text)) };
}

afterEach(() => setRules([]));

describe('interceptor', () => {
  it('costs nothing while no rule is set', () => {
    const { connection } = socket();
    expect(intercepting(connection)).toBe(false);
    use(rule({}));
    expect(intercepting(connection)).toBe(true);
  });

  it('lets unmatched messages go natively and drops matched ones, recording both', () => {
    const s = socket();
    use(rule({ match: 'secret', direction: 'out' }));
    expect(s.pass('out', 'hello')).toBe(false);
    expect(s.pass('out', 'a secret')).toBe(true);
    expect(s.pass('in', 'a secret')).toBe(false);
    expect(s.delivered).toEqual([]);
    expect(s.frames().map((f) => f.type === 'frame' && [f.data, f.action])).toEqual([['hello', undefined], ['a secret', 'drop'], ['a secret', undefined]]);
  });

  it('delays a message and keeps the ones behind it in order', async () => {
    const s = socket();
    use(rule({ match: 'slow', action: 'delay', delayMs: 30 }));
    expect(s.pass('in', 'slow')).toBe(true);
    expect(s.pass('in', 'fast')).toBe(true);
    expect(s.pass('out', 'other way')).toBe(false);
    expect(s.delivered).toEqual([]);
    await wait(80);
    expect(s.delivered).toEqual(['slow', 'fast']);
    expect(intercepting(s.connection)).toBe(true);
    setRules([]);
    expect(intercepting(s.connection)).toBe(false);
  });

  it('delivers a rewrite in the message’s place, and records both texts', () => {
    const s = socket();
    use(rule({ match: 'cat', action: 'rewrite', replacement: 'dog' }));
    expect(s.pass('in', 'cat')).toBe(true);
    expect(s.delivered).toEqual(['as:dog']);
    expect(s.frames()[0]).toMatchObject({ data: 'cat', action: 'rewrite', delivered: 'dog', deliveredSize: 3 });
  });

  it('answers a sent message with a reply after the delay, with or without the original', async () => {
    const s = socket();
    use(rule({ direction: 'out', match: '/ping (\\d)/', action: 'respond', replacement: 'pong $1', delayMs: 10 }));
    expect(s.pass('out', 'ping 1')).toBe(true);
    await wait(40);
    expect(s.delivered).toEqual(['reply:pong 1']);
    expect(s.frames().map((f) => f.type === 'frame' && [f.dir, f.via, f.data, f.rule])).toEqual([
      ['out', 'page', 'ping 1', 'r'],
      ['in', 'rule', 'pong 1', 'r'],
    ]);
    use(rule({ direction: 'out', action: 'respond', replacement: 'ok', passThrough: true }));
    expect(s.pass('out', 'x')).toBe(false);
  });

  it('stops a Respond rule that answers like a loop, and says so', () => {
    const s = socket();
    use(rule({ direction: 'out', action: 'respond', replacement: 'again' }));
    for (let i = 0; i < MAX_REPLIES_PER_SECOND; i++) s.pass('out', 'x');
    expect(s.pass('out', 'x')).toBe(false);
    expect(s.frames().at(-1)).toMatchObject({ action: 'respond', loop: true });
    expect(s.pass('out', 'x')).toBe(false);
    expect((s.frames().at(-1) as { rule?: string }).rule).toBeUndefined();
  });

  it('holds a paused message and everything behind it until the panel lets it go, edited', async () => {
    const s = socket();
    use(rule({ match: 'stop', action: 'pause' }));
    expect(s.pass('out', 'stop 1')).toBe(true);
    expect(s.pass('out', 'after')).toBe(true);
    await wait(10);
    expect(s.delivered).toEqual([]);
    const hold = s.frames()[0]!.type === 'frame' ? (s.frames()[0] as { hold?: number }).hold : -1;
    expect(release(s.connection.id, hold!, false, 'edited')).toBeNull();
    expect(release(s.connection.id, hold!, false, undefined)).toMatch(/no longer paused/);
    await wait(10);
    expect(s.delivered).toEqual(['as:edited', 'after']);
    expect(s.events.at(-1)).toMatchObject({ type: 'release', hold, outcome: 'edited', data: 'edited' });
  });

  it('lets everything held go, in order, when the rules go', () => {
    const s = socket();
    use(rule({ match: 'p', action: 'pause' }));
    s.pass('in', 'p1');
    s.pass('in', 'p2');
    s.pass('in', 'x');
    setRules([]);
    expect(s.delivered).toEqual(['p1', 'p2', 'x']);
    expect(s.events.filter((e) => e.type === 'release').map((e) => e.type === 'release' && e.outcome)).toEqual(['continued', 'continued']);
  });
});
