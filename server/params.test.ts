import { describe, expect, it } from 'vitest';
import { HttpError } from './http-error';
import { choiceParam, flagParam, intParam, textParam } from './params';

const q = (query: string) => new URLSearchParams(query);
const spec = { fallback: 5, min: 0, max: 100 };

describe('strict query parameters', () => {
  it('intParam: default when absent or empty, clamped when out of range, 400 when not an integer', () => {
    expect(intParam(q(''), 'n', spec)).toBe(5);
    expect(intParam(q('n='), 'n', spec)).toBe(5);
    expect(intParam(q('n=-7'), 'n', spec)).toBe(0);
    expect(intParam(q('n=99999999999'), 'n', spec)).toBe(100);
    for (const raw of ['1.5', 'abc', '1e3', 'Infinity', ' 3', '12345678901234567']) {
      expect(() => intParam(q(`n=${encodeURIComponent(raw)}`), 'n', spec), raw).toThrow(HttpError);
    }
  });

  it('choiceParam and flagParam: one of the choices, else 400', () => {
    expect(choiceParam(q('t=b'), 't', ['a', 'b'], 'a')).toBe('b');
    expect(choiceParam(q(''), 't', ['a', 'b'], 'a')).toBe('a');
    expect(() => choiceParam(q('t=c'), 't', ['a', 'b'], 'a')).toThrow(/one of a, b/);
    expect(flagParam(q('bom=1'), 'bom')).toBe(true);
    expect(() => flagParam(q('bom=true'), 'bom')).toThrow(HttpError);
  });

  it('textParam: undefined when absent, 400 past its length', () => {
    expect(textParam(q(''), 'text', 3)).toBeUndefined();
    expect(textParam(q('text=abc'), 'text', 3)).toBe('abc');
    expect(() => textParam(q('text=abcd'), 'text', 3)).toThrow(/at most 3/);
  });
});
