/**
 * Strict query parameters for the streaming endpoints: a parameter that is absent gets its
 * default, one that is out of range is clamped, and one that is nonsense (not an integer,
 * not one of the choices) is a 400, so a test with a typo fails loudly instead of silently
 * testing the default. (query.ts is the lenient variant the older endpoints keep.)
 */
import { HttpError } from './http-error';

export interface IntSpec {
  fallback: number;
  min: number;
  max: number;
}

export function intParam(params: URLSearchParams, name: string, { fallback, min, max }: IntSpec): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d{1,16}$/.test(raw)) throw new HttpError(400, `${name} must be an integer, got ${JSON.stringify(raw.slice(0, 40))}`);
  return Math.min(max, Math.max(min, Number(raw)));
}

export function choiceParam<T extends string>(params: URLSearchParams, name: string, choices: readonly T[], fallback: T): T {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const choice = choices.find((c) => c === raw);
  if (choice === undefined) throw new HttpError(400, `${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(raw.slice(0, 40))}`);
  return choice;
}

/** `0` or `1`. */
export function flagParam(params: URLSearchParams, name: string): boolean {
  return choiceParam(params, name, ['0', '1'], '0') === '1';
}

/** A free-text parameter of at most `maxChars` characters; undefined when absent or empty. */
export function textParam(params: URLSearchParams, name: string, maxChars: number): string | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw.length > maxChars) throw new HttpError(400, `${name} must be at most ${maxChars} characters`);
  return raw;
}
