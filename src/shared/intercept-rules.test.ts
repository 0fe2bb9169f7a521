import { describe, expect, it } from 'vitest';
import { blockedUrlPatterns, hookRulesOf, interceptRule, isHookRule, parseJsonPath, parsePattern, ruleProblem, validRules, type InterceptRule } from './intercept-rules';

const rule = (fields: Partial<InterceptRule> = {}): InterceptRule => interceptRule('r1', { url: '/ws/echo', direction: 'out', ...fields });

describe('intercept rules', () => {
  it('reads /source/flags as a regex and anything else as text', () => {
    expect(parsePattern('')).toBeNull();
    expect(parsePattern('ping')).toEqual({ text: 'ping' });
    expect(parsePattern('/^p(i)ng$/gi')).toEqual({ source: '^p(i)ng$', flags: 'gi' });
    expect(parsePattern('//')).toEqual({ text: '//' });
    expect(parsePattern('/a/b/')).toEqual({ source: 'a/b', flags: '' });
  });

  it('refuses an invalid regex or flags with the reason', () => {
    expect(() => parsePattern('/(/')).toThrow(/Invalid regular expression/);
    expect(() => parsePattern('/a/gg')).toThrow(/not valid regular expression flags/);
  });

  it('parses JSON paths and refuses what is not one', () => {
    expect(parseJsonPath('user.name')).toEqual(['user', 'name']);
    expect(parseJsonPath('items[0].price')).toEqual(['items', 0, 'price']);
    expect(parseJsonPath('1.text')).toEqual([1, 'text']);
    expect(() => parseJsonPath('')).toThrow(/Give the JSON field/);
    expect(() => parseJsonPath('a..b')).toThrow(/not a JSON path/);
    expect(() => parseJsonPath('.a')).toThrow(/not a JSON path/);
  });

  it('says what keeps a rule from applying', () => {
    expect(ruleProblem(rule())).toBeNull();
    expect(ruleProblem(rule({ match: '/[/' }))).toMatch(/Invalid regular expression/);
    expect(ruleProblem(rule({ url: '/(/' }))).toMatch(/^Connection: /);
    expect(ruleProblem(rule({ action: 'delay' }))).toMatch(/delay in milliseconds/);
    expect(ruleProblem(rule({ action: 'respond', direction: 'in', replacement: 'x' }))).toMatch(/sent messages/);
    expect(ruleProblem(rule({ action: 'respond' }))).toMatch(/Give the reply/);
    expect(ruleProblem(rule({ field: 'json', path: '' }))).toMatch(/JSON field/);
    expect(ruleProblem(rule({ action: 'block', url: '' }))).toMatch(/which connections to block/);
    expect(ruleProblem(rule({ delayMs: -1 }))).toMatch(/whole number/);
  });

  it('sends the hook only enabled, valid message rules, and the service worker the block patterns', () => {
    const rules = [
      rule({ id: 'a' }),
      rule({ id: 'b', enabled: false }),
      rule({ id: 'c', match: '/(/' }),
      rule({ id: 'd', action: 'block', url: 'ws/price' }),
      rule({ id: 'e', field: 'json', path: 'a[1]', match: '/^x$/i', action: 'rewrite', replacement: '1' }),
    ];
    const hook = hookRulesOf(rules);
    expect(hook.map((r) => r.id)).toEqual(['a', 'e']);
    expect(hook[1]).toMatchObject({ match: { source: '^x$', flags: 'i' }, path: ['a', 1], url: { text: '/ws/echo' } });
    expect(hook.every(isHookRule)).toBe(true);
    expect(blockedUrlPatterns(rules)).toEqual([{ text: 'ws/price' }]);
  });

  it('reads back only well-formed rules, ids unique', () => {
    expect(validRules('x')).toEqual([]);
    expect(validRules([rule(), rule(), { ...rule({ id: 'z' }), action: 'explode' }, null])).toEqual([rule()]);
  });

  it('checks a hook rule field by field at each boundary', () => {
    const [good] = hookRulesOf([rule()]);
    expect(isHookRule(good)).toBe(true);
    expect(isHookRule({ ...good, action: 'block' })).toBe(false);
    expect(isHookRule({ ...good, match: { source: 'a', flags: 'zz' } })).toBe(false);
    expect(isHookRule({ ...good, path: [{}] })).toBe(false);
    expect(isHookRule({ ...good, delayMs: Infinity })).toBe(false);
  });
});
