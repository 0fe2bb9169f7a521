/** Query-string parsing shared by the endpoints: lenient, so a typo falls back to the default. */

export interface IntParamSpec {
  /** Used when the parameter is absent or not an integer; may be Infinity ("unlimited"). */
  fallback: number;
  min: number;
  max: number;
}

/** An integer query parameter, clamped to [min, max]. */
export function readIntParam(params: URLSearchParams, name: string, spec: IntParamSpec): number {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return spec.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) return spec.fallback;
  return Math.min(spec.max, Math.max(spec.min, value));
}

/** `1`/`true` are true, `0`/`false` false; anything else falls back. */
export function readBoolParam(params: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = params.get(name);
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  return fallback;
}
