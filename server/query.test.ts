import { describe, expect, it } from 'vitest';
import { readBoolParam, readIntParam } from './query';

const spec = { fallback: 1000, min: 10, max: 5000 };

describe('readIntParam', () => {
  it('clamps integers to [min, max]', () => {
    expect(readIntParam(new URLSearchParams('n=1'), 'n', spec)).toBe(10);
    expect(readIntParam(new URLSearchParams('n=250'), 'n', spec)).toBe(250);
    expect(readIntParam(new URLSearchParams('n=9999999'), 'n', spec)).toBe(5000);
  });

  it('falls back when the parameter is absent, empty or not an integer', () => {
    for (const query of ['', 'n=', 'n=abc', 'n=1.5', 'n=Infinity']) {
      expect(readIntParam(new URLSearchParams(query), 'n', spec)).toBe(1000);
    }
  });
});

describe('readBoolParam', () => {
  it('reads 1/true and 0/false, else falls back', () => {
    expect(readBoolParam(new URLSearchParams('b=1'), 'b', false)).toBe(true);
    expect(readBoolParam(new URLSearchParams('b=false'), 'b', true)).toBe(false);
    expect(readBoolParam(new URLSearchParams('b=maybe'), 'b', true)).toBe(true);
  });
});
