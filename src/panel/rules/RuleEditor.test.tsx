// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { InterceptRule } from '../../shared/intercept-rules';
import { newRule } from './rule-edit';
import { RuleEditor } from './RuleEditor';

let container: HTMLElement;
afterEach(() => {
  render(null, container);
  container.remove();
});

/** The rule's editor, and the changes it asked for. */
function mount(rule: InterceptRule, draft = false) {
  container = document.createElement('div');
  document.body.append(container);
  const changes: Partial<InterceptRule>[] = [];
  act(() =>
    render(
      <RuleEditor rule={rule} number={1} draft={draft} problem={null} matches={3} focus onChange={(c) => changes.push(c)} onRemove={() => undefined} />,
      container,
    ),
  );
  return changes;
}

/** The accessible names of the labelled controls, as the e2e tests find them. */
const labels = (): string[] =>
  Array.from(container.querySelectorAll('label')).map((label) => (label.querySelector('.rule-label')?.textContent ?? label.textContent ?? '').trim());

describe('rule editor', () => {
  it('shows the fields every message rule has, and starts a draft on its Connection', () => {
    mount(newRule('a', 'ws://app.test/chat'), true);
    expect(labels()).toEqual(['Enabled', 'Action', 'Direction', 'Connection', 'Match in', 'Match']);
    expect(container.querySelector<HTMLSelectElement>('select')!.value).toBe('');
    expect(document.activeElement).toBe(container.querySelector('input[placeholder^="URL"]'));
    expect(container.textContent).toContain('matched 3 times');
  });

  it('shows only what each action uses', () => {
    mount({ ...newRule('a', ''), action: 'respond', direction: 'out' });
    expect(labels()).toContain('Reply with');
    expect(labels()).toContain('Delay (ms)');
    expect(labels()).toContain('Also send the original');
    render(null, container);
    container.remove();

    mount({ ...newRule('a', ''), action: 'rewrite', field: 'json' });
    expect(labels()).toEqual(expect.arrayContaining(['JSON path', 'Replace with', 'Delete field']));
    expect(labels()).not.toContain('Delay (ms)');
    render(null, container);
    container.remove();

    mount({ ...newRule('a', 'ads'), action: 'block' });
    expect(labels()).toEqual(['Enabled', 'Action', 'Connection']);
  });

  it('asks for a whole, non-negative delay', () => {
    const changes = mount({ ...newRule('a', ''), action: 'delay' });
    const delay = container.querySelector<HTMLInputElement>('input[type="number"]')!;
    for (const typed of ['250.7', '-5', '']) {
      delay.value = typed;
      act(() => {
        delay.dispatchEvent(new Event('input', { bubbles: true }));
      });
    }
    expect(changes).toEqual([{ delayMs: 250 }, { delayMs: 0 }, { delayMs: 0 }]);
  });
});
