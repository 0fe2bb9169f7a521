/** Which item a navigation key selects in a list of `count` items; null for other keys. */

export function nextIndex(key: string, current: number, count: number, pageSize: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  // Nothing selected yet: the first arrow press lands on an end rather than skipping one.
  if (current < 0) {
    if (key === 'ArrowDown' || key === 'Home' || key === 'PageDown') return 0;
    if (key === 'ArrowUp' || key === 'End' || key === 'PageUp') return last;
    return null;
  }
  const clamp = (i: number): number => Math.min(last, Math.max(0, i));
  switch (key) {
    case 'ArrowDown':
      return clamp(current + 1);
    case 'ArrowUp':
      return clamp(current - 1);
    case 'PageDown':
      return clamp(current + Math.max(1, pageSize));
    case 'PageUp':
      return clamp(current - Math.max(1, pageSize));
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
