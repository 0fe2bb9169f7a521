/**
 * Column titles. Hidden from assistive technology: the grid's rows are messages only (tests and
 * screen readers count them), and each cell is self-explanatory.
 */
export function GridHeader({ showConnection }: { showConnection: boolean }) {
  return (
    <div class="grid-header" aria-hidden="true">
      <div class="cell cell-dir" />
      <div class="cell cell-time">Time</div>
      {showConnection && <div class="cell cell-conn">Connection</div>}
      <div class="cell cell-type">Type</div>
      <div class="cell cell-size">Size</div>
      <div class="cell cell-data">Data</div>
    </div>
  );
}
