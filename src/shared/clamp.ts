/** A whole number read back from storage or a message: clamped into [min, max], or `fallback` when it is no finite number. */
export const clampInt = (x: unknown, min: number, max: number, fallback: number): number =>
  typeof x === 'number' && Number.isFinite(x) ? Math.min(max, Math.max(min, Math.floor(x))) : fallback;
