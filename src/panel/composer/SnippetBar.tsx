/**
 * Named snippets of the current origin: pick one to load it into the composer; save the draft
 * under a name (an existing name is replaced: that is editing); delete the picked one.
 */
import { useSignal } from '@preact/signals';
import { usePanelApp } from '../app-context';
import type { Draft } from './encode';
import { isSnippet, withSnippet, withoutSnippet } from './snippets';
import { snippetsKey } from './storage';
import { usePersistedList } from './usePersistedList';

interface Props {
  origin: string;
  draft: Draft;
  onLoad(draft: Draft): void;
}

export function SnippetBar({ origin, draft, onLoad }: Props) {
  const snippets = usePersistedList(usePanelApp().storage, snippetsKey(origin), isSnippet);
  const picked = useSignal('');
  /** The name being typed while saving; null when not saving. */
  const naming = useSignal<string | null>(null);
  const pickedSnippet = snippets.items.find((s) => s.name === picked.value);

  const pick = (name: string): void => {
    picked.value = name;
    const snippet = snippets.items.find((s) => s.name === name);
    if (snippet) onLoad({ text: snippet.text, format: snippet.format });
  };
  const save = (): void => {
    const name = naming.value?.trim() ?? '';
    if (name === '') return;
    snippets.update((items) => withSnippet(items, { name, ...draft }));
    picked.value = name;
    naming.value = null;
  };
  const remove = (): void => {
    snippets.update((items) => withoutSnippet(items, picked.value));
    picked.value = '';
  };

  if (naming.value !== null) {
    return (
      <form
        class="composer-group"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <input
          class="composer-input"
          aria-label="Snippet name"
          placeholder="Snippet name"
          value={naming.value}
          maxLength={100}
          autoFocus
          onInput={(event) => {
            naming.value = event.currentTarget.value;
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') naming.value = null;
          }}
        />
        <button type="submit" class="text-button" disabled={naming.value.trim() === ''}>
          Save
        </button>
        <button type="button" class="text-button" onClick={() => (naming.value = null)}>
          Cancel
        </button>
      </form>
    );
  }
  return (
    <div class="composer-group">
      <select
        class="composer-select"
        aria-label="Snippets"
        value={pickedSnippet ? picked.value : ''}
        onChange={(event) => pick(event.currentTarget.value)}
      >
        <option value="">{snippets.items.length === 0 ? 'No snippets' : 'Snippets…'}</option>
        {snippets.items.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name}
          </option>
        ))}
      </select>
      <button type="button" class="text-button" onClick={() => (naming.value = pickedSnippet?.name ?? '')}>
        Save snippet
      </button>
      <button type="button" class="text-button" disabled={!pickedSnippet} onClick={remove}>
        Delete snippet
      </button>
    </div>
  );
}
