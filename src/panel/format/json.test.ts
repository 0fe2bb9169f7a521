import { describe, expect, it } from 'vitest';
import { nestingDepth, prettyJson } from './json';

describe('prettyJson', () => {
  it('indents objects and arrays, keeping numbers and strings exactly as sent', () => {
    const result = prettyJson('{"id":12345678901234567890,"s":"a,b:{c}\\"","list":[1,{}],"e":[]}');
    expect(result).toEqual({
      kind: 'pretty',
      text: '{\n  "id": 12345678901234567890,\n  "s": "a,b:{c}\\"",\n  "list": [\n    1,\n    {}\n  ],\n  "e": []\n}',
    });
  });

  it('leaves what is not a JSON object or array alone', () => {
    expect(prettyJson('42')).toEqual({ kind: 'not-json' });
    expect(prettyJson('{"a":')).toEqual({ kind: 'not-json' });
    expect(prettyJson('hello')).toEqual({ kind: 'not-json' });
  });

  it('skips documents over the size limit without parsing them', () => {
    expect(prettyJson(`[${'1,'.repeat(100)}1]`, { maxChars: 100, maxDepth: 10 })).toEqual({ kind: 'too-large' });
  });

  it('skips documents nested deeper than the limit, even 100,000 deep', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(nestingDepth(deep)).toBe(100_000);
    expect(prettyJson(deep)).toEqual({ kind: 'too-deep' });
    expect(nestingDepth('["[[[", {"a": "]]"}]')).toBe(2);
  });
});
