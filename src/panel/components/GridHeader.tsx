/**
 * Column titles. Hidden from assistive technology: the grid's rows are messages only (tests and
 * screen readers count them), and each cell is self-explanatory.
 */
import type { GridColumn } from '../grid/columns';

export function GridHeader({ columns }: { columns: readonly GridColumn[] }) {
  return (
    <div class="grid-header" aria-hidden="true">
      {columns.map((column) => (
        <div key={column.id} class={`cell cell-${column.id}`}>
          {column.title}
        </div>
      ))}
    </div>
  );
}
