import { describe, expect, it } from 'vitest';
import { hideLike, type Likeness } from './hide-like';

const text = (data: string): Likeness => ({ opcode: 'text', data, event: undefined, decodedName: undefined });

/** The pattern the Filter box makes of a `/regex/flags` text. */
function pattern(like: Likeness): RegExp {
  const text = hideLike(like)!.text;
  const regex = /^\/(.+)\/([dgimsuvy]*)$/s.exec(text);
  if (!regex) throw new Error(`not a regex filter: ${text}`);
  return new RegExp(regex[1]!, regex[2]);
}

describe('hideLike', () => {
  it('matches a short payload exactly', () => {
    const p = pattern(text('ping'));
    expect(hideLike(text('ping'))!.text).toBe('/^ping$/');
    expect(p.test('ping')).toBe(true);
    expect(p.test('ping!')).toBe(false);
    expect(p.test('PING')).toBe(false);
  });

  it('matches a long payload by its first 40 characters', () => {
    const tick = '{"type":"tick","symbol":"ACME","n":1,"price":101.5}';
    const p = pattern(text(tick));
    expect(hideLike(text(tick))!.text).toBe('/^\\{"type":"tick","symbol":"ACME","n":1,"pr/');
    expect(p.test(tick)).toBe(true);
    expect(p.test('{"type":"tick","symbol":"ACME","n":1,"price":99}')).toBe(true);
    expect(p.test('{"type":"tick","symbol":"ACME","n":2,"price":101.5}')).toBe(false);
    expect(hideLike(text(tick))!.description).toMatch(/first 40 characters/);
  });

  it('escapes every regex character, slashes and invisible characters', () => {
    for (const data of ['a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o/p-q', '/^$/', 'line\nbreak\ttab\u202eRTL\u200b', '😀'.repeat(30)]) {
      const like = text(data);
      expect(pattern(like).test(data)).toBe(true);
      expect(hideLike(like)!.text).not.toMatch(/[\n\t\u202e\u200b]/);
    }
    expect(pattern(text('a.c')).test('abc')).toBe(false);
  });

  it('uses the SSE event type, as a whole line', () => {
    const like: Likeness = { opcode: 'text', data: '{"p":1}', event: 'price', decodedName: undefined };
    expect(hideLike(like)!.text).toBe('/^price$/m');
    expect(pattern(like).test('price')).toBe(true);
    expect(pattern(like).test('prices')).toBe(false);
  });

  it('uses a decoded name, as a whole line of the searched summary', () => {
    const like: Likeness = { opcode: 'binary', data: 'AAEC', event: undefined, decodedName: 'chat:message' };
    expect(hideLike(like)!.text).toBe('/^chat:message$/m');
    expect(pattern(like).test('EVENT chat:message /chat\nchat:message')).toBe(true);
    expect(pattern(like).test('EVENT chat:message /chat')).toBe(false);
  });

  it('has nothing for a binary frame with no decoded name: the filter does not search base64', () => {
    expect(hideLike({ opcode: 'binary', data: 'AAEC', event: undefined, decodedName: undefined })).toBeNull();
  });
});
