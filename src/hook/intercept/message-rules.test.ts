import { describe, expect, it } from 'vitest';
import { hookRulesOf, interceptRule, type InterceptRule } from '../../shared/intercept-rules';
import { compileRules, type CompiledRule } from './compiled-rule';
import { expand, firstMatch, replyOf, rewrite } from './message-rules';

let ids = 0;
const rule = (fields: Partial<InterceptRule>): InterceptRule => interceptRule(`r${++ids}`, { action: 'rewrite', ...fields });

/** The rules as the hook gets them: through JSON, as the relay sends them. */
const compiled = (...rules: InterceptRule[]): CompiledRule[] => compileRules(JSON.parse(JSON.stringify(hookRulesOf(rules)))) ?? [];

const rewritten = (r: InterceptRule, text: string): string | null => {
  const match = firstMatch(compiled(r), 'ws://h/', 'in', text);
  return match ? rewrite(match, text) : 'no match';
};

describe('message rules', () => {
  it('picks the first rule that applies to the connection, the direction and the payload', () => {
    const rules = compiled(
      rule({ url: 'other', match: 'a' }),
      rule({ direction: 'out', match: 'a' }),
      rule({ direction: 'in', match: '/^b/' }),
      rule({ direction: 'in', match: 'a' }),
    );
    expect(firstMatch(rules, 'ws://h/x', 'in', 'ab')?.rule.id).toBe(rules[3]!.id);
    expect(firstMatch(rules, 'ws://h/x', 'out', 'ab')?.rule.id).toBe(rules[1]!.id);
    expect(firstMatch(rules, 'ws://h/x', 'in', 'ba')?.rule.id).toBe(rules[2]!.id);
    expect(firstMatch(rules, 'ws://h/other', 'in', 'zz')).toBeNull();
  });

  it('matches binary messages only by rules that take every message', () => {
    const rules = compiled(rule({ match: 'a' }), rule({}));
    expect(firstMatch(rules, 'u', 'in', null)?.rule.id).toBe(rules[1]!.id);
  });

  it('rewrites matched text, regex matches with their groups, or the whole message', () => {
    expect(rewritten(rule({ match: 'cat', replacement: 'dog' }), 'cat and cat')).toBe('dog and dog');
    expect(rewritten(rule({ match: '/(\\d+)/', replacement: '<$1>' }), 'a 1 b 22')).toBe('a <1> b 22');
    expect(rewritten(rule({ match: '/(\\d+)/g', replacement: '<$1>$$' }), 'a 1 b 22')).toBe('a <1>$ b <22>$');
    expect(rewritten(rule({ match: '/x*/g', replacement: '-' }), 'ab')).toBe('-a-b-');
    expect(rewritten(rule({ replacement: 'all new' }), 'old')).toBe('all new');
  });

  it('sets or deletes a JSON field, keeping the rest', () => {
    expect(rewritten(rule({ field: 'json', path: 'user.name', replacement: '"Eve"' }), '{"user":{"name":"Bob","id":1}}')).toBe('{"user":{"name":"Eve","id":1}}');
    expect(rewritten(rule({ field: 'json', path: 'n', replacement: 'not json' }), '{"n":1}')).toBe('{"n":"not json"}');
    expect(rewritten(rule({ field: 'json', path: 'items[1]', deleteField: true }), '{"items":[1,2,3]}')).toBe('{"items":[1,3]}');
    expect(rewritten(rule({ field: 'json', path: 'a', deleteField: true }), '{"a":1,"b":2}')).toBe('{"b":2}');
    expect(rewritten(rule({ field: 'json', path: 'price', match: '/^1\\d$/', replacement: '99' }), '{"price":12}')).toBe('{"price":99}');
    expect(rewritten(rule({ field: 'json', path: 'price', match: '5' }), '{"price":12}')).toBe('no match');
    expect(rewritten(rule({ field: 'json', path: 'missing' }), '{"price":12}')).toBe('no match');
    expect(rewritten(rule({ field: 'json', path: 'a' }), 'not json')).toBe('no match');
  });

  it('reads Socket.IO packets: the event name, and paths into the packet array', () => {
    const chat = '42["chat",{"text":"hi"}]';
    expect(rewritten(rule({ field: 'event', match: 'chat', replacement: '42["chat",{"text":"bye"}]' }), chat)).toBe('42["chat",{"text":"bye"}]');
    expect(rewritten(rule({ field: 'event', match: 'cha' }), chat)).toBe('no match');
    expect(rewritten(rule({ field: 'event', match: '/^ch/', replacement: 'x' }), '42/admin,7["chat"]')).toBe('x');
    expect(rewritten(rule({ field: 'json', path: '1.text', replacement: '"bye"' }), chat)).toBe('42["chat",{"text":"bye"}]');
    expect(rewritten(rule({ field: 'event', match: 'chat' }), '2')).toBe('no match');
  });

  it('gives up a JSON rewrite it cannot write back, rather than deliver half of it', () => {
    const deep = `{"a":1,"b":${'['.repeat(300)}${']'.repeat(300)}}`;
    expect(rewritten(rule({ field: 'json', path: 'a', replacement: '2' }), deep)).toBeNull();
  });

  it('fills a reply from the request’s groups', () => {
    const [r] = compiled(rule({ direction: 'out', action: 'respond', match: '/"id":(\\d+)/', replacement: '{"id":$1,"ok":true}' }));
    const match = firstMatch([r!], 'u', 'out', '{"id":42,"op":"get"}');
    expect(replyOf(match!)).toBe('{"id":42,"ok":true}');
    expect(expand('$0 $9 $', /(a)/.exec('a'))).toBe('$0 $9 $');
  });

  it('refuses a rule list that is not one, whole', () => {
    expect(compileRules([{ id: 'x' }])).toBeNull();
    expect(compileRules('rules')).toBeNull();
    expect(compileRules([])).toEqual([]);
  });
});
