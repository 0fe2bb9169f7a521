import { describe, expect, it } from 'vitest';
import { rulesKeyOf, type HookRule, type Pattern } from '../../shared/intercept-rules';
import { memoryStorage } from '../storage';
import { createStore } from '../store/store';
import { createRulesModel, LOOP_NOTE, originKeyOf } from './rules-model';
import { newRule, ruleSummary } from './rule-edit';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function setup(stored?: unknown) {
  const store = createStore();
  const storage = memoryStorage();
  if (stored !== undefined) await storage.set(rulesKeyOf('https://app.test'), stored);
  const sent: { rules: HookRule[]; blocked: Pattern[] }[] = [];
  let ids = 0;
  const model = createRulesModel({ store, storage, send: (rules, blocked) => sent.push({ rules, blocked }), newId: () => `r${++ids}` });
  store.topUrl.value = 'https://app.test/chat?room=1';
  await settle();
  return { store, storage, model, sent, last: () => sent.at(-1)! };
}

describe('rules model', () => {
  it('keys rules by the origin of the top document', () => {
    expect(originKeyOf('https://app.test:8443/a/b?c')).toBe('https://app.test:8443');
    expect(originKeyOf('file:///tmp/page.html')).toBe('file:');
    expect(originKeyOf('not a url')).toBeNull();
    expect(originKeyOf(null)).toBeNull();
  });

  it('applies a new rule only once its action is picked, and each change at once', async () => {
    const { model, last, storage } = await setup();
    const id = model.add('ws://app.test/echo')!;
    expect(model.drafts.value.has(id)).toBe(true);
    expect(last().rules).toEqual([]);
    expect(model.activeCount.value).toBe(0);
    model.change(id, { direction: 'out', match: 'ping' });
    expect(last().rules).toEqual([]);
    model.change(id, { action: 'drop' });
    expect(last().rules).toMatchObject([{ id, action: 'drop', direction: 'out', url: { text: 'ws://app.test/echo' }, match: { text: 'ping' } }]);
    expect(model.activeCount.value).toBe(1);
    expect(await storage.get(rulesKeyOf('https://app.test'))).toMatchObject([{ id, action: 'drop', match: 'ping' }]);
    // An invalid rule stays in the pane and is not applied.
    model.change(id, { match: '/(/' });
    expect(last().rules).toEqual([]);
    expect(model.activeCount.value).toBe(0);
    model.remove(id);
    expect(model.rules.value).toEqual([]);
    expect(await storage.get(rulesKeyOf('https://app.test'))).toEqual([]);
  });

  it('reads back the origin’s stored rules, valid ones only, and block rules go as URL patterns', async () => {
    const block = { ...newRule('b', 'ads.test'), action: 'block' as const };
    const { model, last } = await setup([block, { id: 'junk' }]);
    expect(model.rules.value).toEqual([block]);
    expect(last()).toEqual({ rules: [], blocked: [{ text: 'ads.test' }] });
    expect(model.activeCount.value).toBe(1);
  });

  it('drops the rules while another origin’s are read, and clears the browser’s complaint when the rules change', async () => {
    const { model, store, last } = await setup([{ ...newRule('b', 'ads.test'), action: 'block' }]);
    model.browserProblem.value = 'The browser refused the block rules: too many';
    store.topUrl.value = 'https://other.test/';
    expect(model.origin.value).toBeNull();
    expect(last()).toEqual({ rules: [], blocked: [] });
    expect(model.browserProblem.value).toBeNull();
    await settle();
    expect(model.origin.value).toBe('https://other.test');
    expect(model.rules.value).toEqual([]);
  });

  it('turns off and keeps off a rule the hook stopped for answering in a loop, saying why', async () => {
    const respond = { ...newRule('r', ''), direction: 'out' as const, action: 'respond' as const, replacement: 'pong' };
    const { model, store, storage, last } = await setup([respond]);
    expect(last().rules).toHaveLength(1);
    store.loopedRules.value = ['r'];
    expect(model.rules.value[0]!.enabled).toBe(false);
    expect(model.notes.value.get('r')).toBe(LOOP_NOTE);
    expect(last().rules).toEqual([]);
    expect(store.loopedRules.value).toEqual([]);
    expect(await storage.get(rulesKeyOf('https://app.test'))).toMatchObject([{ id: 'r', enabled: false }]);
    model.change('r', { enabled: true });
    expect(model.notes.value.has('r')).toBe(false);
  });

  it('sums a rule up in words', () => {
    expect(ruleSummary({ ...newRule('a', '/ws/echo'), direction: 'out', match: 'ping' })).toBe('Drop sent messages matching “ping” on /ws/echo');
    expect(ruleSummary({ ...newRule('a', ''), action: 'pause', field: 'json', path: 'user.name', match: 'bob' })).toBe('Pause all messages whose user.name matches “bob”');
    expect(ruleSummary({ ...newRule('a', ''), action: 'respond', direction: 'out', field: 'event', match: 'join' })).toBe('Respond to sent “join” events');
    expect(ruleSummary({ ...newRule('a', 'ads'), action: 'block' })).toBe('Block connections on ads');
  });
});
