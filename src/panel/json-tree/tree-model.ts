/**
 * The JSON tree as a flat list of visible rows, built without recursion: a document nested
 * 100,000 deep (`JSON.parse` handles that; V8's parser is iterative) must not overflow the stack,
 * and a huge one must not freeze the pane, so flattening stops at `maxRows` and only expanded
 * containers are walked. Rows are rendered flat (role="treeitem" with aria-level), so the DOM
 * is never deeper than one level either.
 */

export type JsonContainer = readonly unknown[] | { readonly [key: string]: unknown };

export const isContainer = (value: unknown): value is JsonContainer => typeof value === 'object' && value !== null;

export interface TreeRow {
  value: unknown;
  /** Its key in the parent: a property name, an array index, or null for the root. */
  key: string | number | null;
  depth: number;
  /** Row index of the parent; -1 for the root. */
  parent: number;
  expanded: boolean;
}

export interface FlatTree {
  rows: TreeRow[];
  /** More rows would be visible than `maxRows`. */
  truncated: boolean;
}

interface Frame {
  container: JsonContainer;
  keys: readonly (string | number)[];
  next: number;
  row: number;
  depth: number;
}

const childKeys = (c: JsonContainer): (string | number)[] => (Array.isArray(c) ? Array.from(c.keys()) : Object.keys(c));

const childOf = (c: JsonContainer, key: string | number): unknown => (c as Record<string | number, unknown>)[key];

export function flattenTree(root: unknown, isExpanded: (container: JsonContainer) => boolean, maxRows: number): FlatTree {
  const rows: TreeRow[] = [];
  const stack: Frame[] = [];
  const visit = (value: unknown, key: string | number | null, depth: number, parent: number): void => {
    const expanded = isContainer(value) && isExpanded(value);
    rows.push({ value, key, depth, parent, expanded });
    if (expanded) stack.push({ container: value, keys: childKeys(value), next: 0, row: rows.length - 1, depth });
  };
  visit(root, null, 0, -1);
  while (stack.length > 0) {
    if (rows.length >= maxRows) return { rows, truncated: true };
    const top = stack[stack.length - 1]!;
    if (top.next >= top.keys.length) {
      stack.pop();
      continue;
    }
    const key = top.keys[top.next++]!;
    visit(childOf(top.container, key), key, top.depth + 1, top.row);
  }
  return { rows, truncated: false };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `$.data.items[3]["content-type"]`, as DevTools' "Copy property path" writes it. */
export function pathOf(rows: readonly TreeRow[], index: number): string {
  const keys: (string | number)[] = [];
  for (let i = index; i > 0; i = rows[i]!.parent) keys.push(rows[i]!.key!);
  let path = '$';
  for (let k = keys.length - 1; k >= 0; k--) {
    const key = keys[k]!;
    path += typeof key === 'number' ? `[${key}]` : IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return path;
}

/** Children of a container, for its collapsed summary. */
export function childCount(c: JsonContainer): number {
  return Array.isArray(c) ? c.length : Object.keys(c).length;
}

/**
 * JSON text of a value. Pretty printed when `JSON.stringify` manages (it recurses, and throws on
 * deep nesting); compact and iterative otherwise.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return compactJson(value);
  }
}

/** `JSON.stringify(value)` without recursion. */
export function compactJson(value: unknown): string {
  const out: string[] = [];
  // Work items: a value to write, or a literal string (separators and closing brackets).
  const work: ({ value: unknown } | string)[] = [{ value }];
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const v = item.value;
    if (!isContainer(v)) {
      out.push(JSON.stringify(v) ?? 'null');
      continue;
    }
    const array = Array.isArray(v);
    const keys = childKeys(v);
    out.push(array ? '[' : '{');
    work.push(array ? ']' : '}');
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      work.push({ value: childOf(v, key) });
      if (!array) work.push(`${JSON.stringify(key)}:`);
      if (i > 0) work.push(',');
    }
  }
  return out.join('');
}
