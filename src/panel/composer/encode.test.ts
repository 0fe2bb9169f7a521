import { describe, expect, it } from 'vitest';
import { compactJson, convertDraft, draftError, draftOfPayload, encodeDraft } from './encode';

describe('encodeDraft', () => {
  it('sends text as is and JSON compact, with numbers as typed', () => {
    expect(encodeDraft({ text: ' a b ', format: 'text' })).toEqual({ ok: true, opcode: 'text', data: ' a b ' });
    expect(encodeDraft({ text: '{\n  "id": 12345678901234567890,\n  "s": "x \\" y"\n}', format: 'json' })).toEqual({
      ok: true,
      opcode: 'text',
      data: '{"id":12345678901234567890,"s":"x \\" y"}',
    });
  });

  it('explains invalid JSON, hex and base64', () => {
    expect(draftError({ text: '{"a":', format: 'json' })).toMatch(/^Invalid JSON: /);
    expect(draftError({ text: '0g', format: 'hex' })).toBe('Not a hex digit: "g"');
    expect(draftError({ text: 'abc', format: 'hex' })).toBe('Hex needs two digits per byte');
    expect(draftError({ text: 'a$b=', format: 'base64' })).toBe('Not valid base64');
  });

  it('sends hex and base64 as binary (base64 on the wire)', () => {
    expect(encodeDraft({ text: '0x00 01\nfe FF', format: 'hex' })).toEqual({ ok: true, opcode: 'binary', data: 'AAH+/w==' });
    expect(encodeDraft({ text: 'AQI D', format: 'base64' })).toEqual({ ok: true, opcode: 'binary', data: 'AQID' });
  });
});

describe('convertDraft', () => {
  it('rewrites text as bytes and back, and pretty-prints JSON', () => {
    expect(convertDraft({ text: 'hé', format: 'text' }, 'hex')).toBe('68 c3 a9');
    expect(convertDraft({ text: '68 c3 a9', format: 'hex' }, 'base64')).toBe('aMOp');
    expect(convertDraft({ text: 'aMOp', format: 'base64' }, 'text')).toBe('hé');
    expect(convertDraft({ text: '{"a":[1]}', format: 'text' }, 'json')).toBe('{\n  "a": [\n    1\n  ]\n}');
  });

  it('leaves what has no equivalent as it is', () => {
    expect(convertDraft({ text: 'ff fe', format: 'hex' }, 'text')).toBe('ff fe');
    expect(convertDraft({ text: 'zz', format: 'hex' }, 'base64')).toBe('zz');
  });
});

describe('draftOfPayload', () => {
  it('loads JSON pretty, other text as text, binary as hex', () => {
    expect(draftOfPayload('text', '{"a":1}')).toEqual({ text: '{\n  "a": 1\n}', format: 'json' });
    expect(draftOfPayload('text', 'plain')).toEqual({ text: 'plain', format: 'text' });
    expect(draftOfPayload('binary', 'AAH+/w==')).toEqual({ text: '00 01 fe ff', format: 'hex' });
  });
});

it('compactJson keeps whitespace inside strings', () => {
  expect(compactJson('[ "a b" , "\\\\" ]')).toBe('["a b","\\\\"]');
});
