import { describe, expect, it } from 'vitest';
import { MAX_TERMS, parseQuery, type Term } from './query';

function terms(text: string): readonly Term[] {
  const query = parseQuery(text);
  if (query.kind !== 'terms') throw new Error(`invalid: ${query.message}`);
  return query.terms;
}

const onlyPattern = (text: string): RegExp => {
  const [term, ...rest] = terms(text);
  if (term?.key !== 'text' || rest.length > 0) throw new Error('not one text');
  return term.pattern;
};

describe('plain text, as before terms', () => {
  it('is case-insensitive text, with regex characters taken literally', () => {
    const pattern = onlyPattern('a.b(');
    expect(pattern.test('A.B(')).toBe(true);
    expect(pattern.test('axb(')).toBe(false);
  });

  it('is a regex between slashes, without the flags that make matching stateful', () => {
    const pattern = onlyPattern('/^ti.k$/gi');
    expect(pattern.flags).toBe('i');
    expect([pattern.test('TICK'), pattern.test('TICK')]).toEqual([true, true]);
  });

  it('takes a path with slashes as text, and reports an invalid regex instead of throwing', () => {
    expect(onlyPattern('/ws/echo')).toEqual(/\/ws\/echo/i);
    expect(parseQuery('/(unclosed/')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Invalid regular expression') });
    expect(terms('')).toEqual([]);
  });

  it('searches words with their spaces as one text, and a whole regex as one, dashes and all', () => {
    expect(onlyPattern(' hello  world ').test('x hello  world')).toBe(false);
    expect(onlyPattern(' hello  world ').test('x hello  world y')).toBe(true);
    expect(onlyPattern('/a -b c:d/').source).toBe('a -b c:d');
  });

  it('keeps unknown keys, URLs and JSON as text', () => {
    expect(onlyPattern('foo:bar').test('FOO:BAR')).toBe(true);
    expect(onlyPattern('http://example.com/ws').test('http://example.com/ws')).toBe(true);
    expect(onlyPattern('"type":"tick"').test('{"type":"tick"}')).toBe(true);
    expect(onlyPattern('-').test('a-b')).toBe(true);
  });
});

describe('terms', () => {
  it('reads directions under every name, case-insensitively', () => {
    expect(terms('dir:out')).toEqual([{ key: 'dir', dir: 'out', negate: false }]);
    expect(terms('dir:sent DIR:In dir:received')).toEqual([
      { key: 'dir', dir: 'out', negate: false },
      { key: 'dir', dir: 'in', negate: false },
      { key: 'dir', dir: 'in', negate: false },
    ]);
  });

  it('reads types, event types and connection URLs', () => {
    expect(terms('type:text type:Binary type:lifecycle')).toEqual([
      { key: 'type', type: 'text', negate: false },
      { key: 'type', type: 'binary', negate: false },
      { key: 'type', type: 'lifecycle', negate: false },
    ]);
    const [event] = terms('event:price.*');
    expect(event).toMatchObject({ key: 'event' });
    if (event?.key !== 'event') return;
    expect([event.pattern.test('PRICE.*'), event.pattern.test('price'), event.pattern.test('prices')]).toEqual([true, false, false]);
    expect(terms('conn:/Echo')).toEqual([{ key: 'conn', needle: '/echo', negate: false }]);
  });

  it('reads sizes in bytes, with decimal k and m', () => {
    expect(terms('size>1000 size<100 size>=1k size<=1.5M size>.5k')).toEqual([
      { key: 'size', op: '>', bytes: 1000, negate: false },
      { key: 'size', op: '<', bytes: 100, negate: false },
      { key: 'size', op: '>=', bytes: 1000, negate: false },
      { key: 'size', op: '<=', bytes: 1_500_000, negate: false },
      { key: 'size', op: '>', bytes: 500, negate: false },
    ]);
  });

  it('negates a term or a word with a leading -', () => {
    expect(terms('-dir:in')).toEqual([{ key: 'dir', dir: 'in', negate: true }]);
    const [word] = terms('-ping');
    expect(word).toMatchObject({ key: 'text', negate: true });
    if (word?.key === 'text') expect(word.pattern.test('PING')).toBe(true);
    const [regex] = terms('-/^p[io]ng$/');
    expect(regex).toMatchObject({ key: 'text', negate: true, pattern: /^p[io]ng$/ });
  });

  it('mixes terms with plain text: each run of words between terms is one text', () => {
    const mixed = terms('hello there dir:out world -size>1k');
    expect(mixed.map((t) => `${t.key}${t.negate ? '-' : ''}`)).toEqual(['text', 'dir', 'text', 'size-']);
    const [first, , third] = mixed;
    expect(first?.key === 'text' && first.pattern.source).toBe('hello there');
    expect(third?.key === 'text' && third.pattern.source).toBe('world');
    expect(terms('dir:out /^a b$/')).toMatchObject([{ key: 'dir' }, { key: 'text' }]);
  });
});

describe('malformed queries', () => {
  it('says what is wrong with a term instead of guessing', () => {
    expect(parseQuery('size>abc')).toEqual({ kind: 'invalid', message: 'size>abc: a size is bytes, such as 100, 1.5k or 2m' });
    expect(parseQuery('hello size:10')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('size>N') });
    expect(parseQuery('size>')).toMatchObject({ kind: 'invalid' });
    expect(parseQuery('size>-5')).toMatchObject({ kind: 'invalid' });
    expect(parseQuery('size>1g')).toMatchObject({ kind: 'invalid' });
    expect(parseQuery('dir:up')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('out, in') });
    expect(parseQuery('dir>out')).toMatchObject({ kind: 'invalid' });
    expect(parseQuery('type:json')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('text, binary or lifecycle') });
    expect(parseQuery('-conn:')).toMatchObject({ kind: 'invalid', message: '-conn:: conn: needs a value' });
    expect(parseQuery('event:')).toMatchObject({ kind: 'invalid' });
    expect(parseQuery('dir:out /(/')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Invalid regular expression') });
    expect(parseQuery('-/(/')).toMatchObject({ kind: 'invalid' });
  });
});

describe('hostile queries', () => {
  it('takes regex special characters in terms literally', () => {
    expect(terms('conn:(.*)+$')).toEqual([{ key: 'conn', needle: '(.*)+$', negate: false }]);
    const [event] = terms('event:(a+)+$');
    if (event?.key === 'event') expect([event.pattern.test('(a+)+$'), event.pattern.test('aaaa')]).toEqual([true, false]);
    const [word] = terms('-[a-z]{1,9}\\');
    if (word?.key === 'text') expect(word.pattern.test('[A-Z]{1,9}\\')).toBe(true);
  });

  it('parses a huge query in linear time, and says so, briefly, when the engine cannot take it', () => {
    const big = 'x'.repeat(20_000);
    const start = performance.now();
    expect(onlyPattern(big).test(big)).toBe(true);
    expect(terms(`dir:out ${big} -${big}`)).toHaveLength(3);
    expect(terms(`/${'/'.repeat(10_000)}`)).toHaveLength(1);
    const huge = parseQuery(`dir:out ${'x'.repeat(1_000_000)}`);
    expect(huge).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Invalid regular expression') });
    if (huge.kind === 'invalid') expect(huge.message.length).toBeLessThanOrEqual(201);
    expect(performance.now() - start).toBeLessThan(3_000);
  });

  it('refuses more terms than a filter can test per message, quickly', () => {
    expect(terms(Array.from({ length: MAX_TERMS }, () => 'dir:out').join(' '))).toHaveLength(MAX_TERMS);
    const start = performance.now();
    const many = Array.from({ length: 10_000 }, (_, i) => `-w${i}`).join(' ');
    expect(parseQuery(many)).toEqual({ kind: 'invalid', message: `More than ${MAX_TERMS} terms` });
    expect(parseQuery(Array.from({ length: 10_000 }, () => 'size>abc').join(' '))).toMatchObject({ kind: 'invalid' });
    expect(performance.now() - start).toBeLessThan(500);
    // Plain words are one text however many they are.
    expect(terms(Array.from({ length: 2_000 }, (_, i) => `w${i}`).join(' '))).toHaveLength(1);
  });
});
