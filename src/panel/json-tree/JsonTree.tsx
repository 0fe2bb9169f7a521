/**
 * A JSON document as a collapsible tree (role="tree"), with expand all, copy value and copy path
 * for the selected item. Rows come from `flattenTree`: bounded in number, flat in the DOM.
 */
import { useMemo, useState } from 'preact/hooks';
import { CopyButton } from '../components/CopyButton';
import { clip, makeInvisiblesVisible } from '../format/visible-text';
import { nextIndex } from '../grid/keyboard';
import { childCount, flattenTree, isContainer, jsonText, pathOf, type JsonContainer, type TreeRow } from './tree-model';

/** Rows rendered at most; past that, the tree says so (collapse something to see the rest). */
export const MAX_TREE_ROWS = 2_000;
/** Deeper rows are indented no further, so that a deep document stays readable. */
const MAX_INDENT_LEVELS = 40;
const VALUE_PREVIEW_CHARS = 500;
const PAGE_ROWS = 20;

interface Expansion {
  /** Expand all: every container is open except those in `toggled`; else only those in it. */
  all: boolean;
  toggled: ReadonlySet<JsonContainer>;
}

function valuePreview(value: unknown): string {
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (isContainer(value)) {
    const n = childCount(value);
    return `{…} ${n} ${n === 1 ? 'key' : 'keys'}`;
  }
  if (typeof value === 'string') {
    const clipped = clip(value, VALUE_PREVIEW_CHARS);
    return `"${makeInvisiblesVisible(clipped)}${clipped.length < value.length ? '…' : ''}"`;
  }
  return String(value);
}

const valueClass = (value: unknown): string => (value === null ? 'json-null' : isContainer(value) ? 'json-container' : `json-${typeof value}`);

const keyText = (row: TreeRow): string => (row.key === null ? '' : typeof row.key === 'number' ? `${row.key}: ` : `${makeInvisiblesVisible(clip(row.key, VALUE_PREVIEW_CHARS))}: `);

export function JsonTree({ value, rawText }: { value: unknown; rawText: string }) {
  const [expansion, setExpansion] = useState<Expansion>(() => ({ all: false, toggled: new Set(isContainer(value) ? [value] : []) }));
  const [selected, setSelected] = useState(0);
  const isExpanded = (c: JsonContainer): boolean => expansion.toggled.has(c) !== expansion.all;
  const { rows, truncated } = useMemo(() => flattenTree(value, isExpanded, MAX_TREE_ROWS), [value, expansion]);
  const current = Math.min(selected, rows.length - 1);

  const toggle = (row: TreeRow, open?: boolean): void => {
    if (!isContainer(row.value) || open === row.expanded) return;
    const toggled = new Set(expansion.toggled);
    if (toggled.has(row.value)) toggled.delete(row.value);
    else toggled.add(row.value);
    setExpansion({ all: expansion.all, toggled });
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const row = rows[current]!;
    if (event.key === 'ArrowRight') toggle(row, true);
    else if (event.key === 'ArrowLeft') {
      if (row.expanded) toggle(row, false);
      else if (row.parent >= 0) setSelected(row.parent);
    } else if (event.key === 'Enter' || event.key === ' ') toggle(row);
    else {
      const next = nextIndex(event.key, current, rows.length, PAGE_ROWS);
      if (next === null) return;
      setSelected(next);
    }
    event.preventDefault();
  };

  return (
    <div class="json-tree-view">
      <div class="details-actions" role="toolbar" aria-label="JSON tree">
        <button type="button" class="text-button" onClick={() => setExpansion({ all: true, toggled: new Set() })}>
          Expand all
        </button>
        <button type="button" class="text-button" onClick={() => setExpansion({ all: false, toggled: new Set(isContainer(value) ? [value] : []) })}>
          Collapse all
        </button>
        {/* The root's value is the payload as sent: copied as is, numbers and key order intact. */}
        <CopyButton label="Copy value" text={() => (current === 0 ? rawText : jsonText(rows[current]!.value))} />
        <CopyButton label="Copy path" text={() => pathOf(rows, current)} />
      </div>
      <div class="json-tree" role="tree" aria-label="JSON" tabIndex={0} aria-activedescendant={`json-row-${current}`} onKeyDown={onKeyDown}>
        {rows.map((row, i) => (
          <div
            key={i}
            id={`json-row-${i}`}
            class={i === current ? 'json-row selected' : 'json-row'}
            role="treeitem"
            aria-level={row.depth + 1}
            aria-expanded={isContainer(row.value) ? row.expanded : undefined}
            aria-selected={i === current}
            style={{ paddingLeft: `${Math.min(row.depth, MAX_INDENT_LEVELS) * 12 + 4}px` }}
            onClick={() => {
              setSelected(i);
              if (i === current) toggle(row);
            }}
          >
            <span class="json-toggle" aria-hidden="true">
              {isContainer(row.value) ? (row.expanded ? '▾' : '▸') : ''}
            </span>
            {row.depth > MAX_INDENT_LEVELS && <span class="json-depth">{`⋯${row.depth} `}</span>}
            <span class="json-key">{keyText(row)}</span>
            <span class={valueClass(row.value)}>{valuePreview(row.value)}</span>
          </div>
        ))}
      </div>
      {truncated && (
        <div class="details-notice" role="note">
          Showing the first {MAX_TREE_ROWS.toLocaleString('en-US')} rows: collapse some to see others, or use the raw view.
        </div>
      )}
    </div>
  );
}
