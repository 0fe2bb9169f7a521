/** Named drafts saved per origin: saving under an existing name replaces it (that is how one edits). */
import type { Draft } from './encode';
import { isDraft } from './storage';

export interface Snippet extends Draft {
  name: string;
}

/** Bounded, so that a runaway save loop cannot fill extension storage. */
export const MAX_SNIPPETS = 200;

export function isSnippet(x: unknown): x is Snippet {
  return isDraft(x) && typeof (x as { name?: unknown }).name === 'string';
}

export function withSnippet(snippets: readonly Snippet[], snippet: Snippet): Snippet[] {
  const at = snippets.findIndex((s) => s.name === snippet.name);
  if (at >= 0) return snippets.map((s, i) => (i === at ? snippet : s));
  return [...snippets, snippet].slice(-MAX_SNIPPETS);
}

export function withoutSnippet(snippets: readonly Snippet[], name: string): Snippet[] {
  return snippets.filter((s) => s.name !== name);
}
