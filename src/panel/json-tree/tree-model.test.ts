import { describe, expect, it } from 'vitest';
import { compactJson, flattenTree, isContainer, pathOf, type JsonContainer } from './tree-model';

const doc = { a: 1, list: [10, { 'content-type': 'x' }], nested: { deep: true } };

describe('JSON tree model', () => {
  it('lists the root and the children of expanded containers only', () => {
    const expanded = new Set<JsonContainer>([doc, doc.list]);
    const { rows, truncated } = flattenTree(doc, (c) => expanded.has(c), 100);
    expect(rows.map((r) => [r.key, r.depth])).toEqual([
      [null, 0],
      ['a', 1],
      ['list', 1],
      [0, 2],
      [1, 2],
      ['nested', 1],
    ]);
    expect(truncated).toBe(false);
  });

  it('writes paths as DevTools does', () => {
    const { rows } = flattenTree(doc, () => true, 100);
    const at = rows.findIndex((r) => r.key === 'content-type');
    expect(pathOf(rows, at)).toBe('$.list[1]["content-type"]');
    expect(pathOf(rows, 0)).toBe('$');
  });

  it('walks a document nested 100,000 deep without recursion, and stops at the row limit', () => {
    const depth = 100_000;
    const deep: unknown = JSON.parse('['.repeat(depth) + ']'.repeat(depth));
    const { rows, truncated } = flattenTree(deep, () => true, 5_000);
    expect([rows.length, truncated, rows[4_999]!.depth]).toEqual([5_000, true, 4_999]);
    expect(pathOf(rows, 3)).toBe('$[0][0][0]');
    const all = flattenTree(deep, isContainer, depth + 1);
    expect(all.rows.length).toBe(depth);
  });

  it('serializes without recursion what JSON.stringify cannot', () => {
    expect(compactJson(doc)).toBe(JSON.stringify(doc));
    expect(compactJson([1, 'two', null, { x: [] }])).toBe('[1,"two",null,{"x":[]}]');
    const depth = 100_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    expect(compactJson(JSON.parse(text))).toBe(text);
  });
});
