import { describe, expect, it } from 'vitest';
import { isBlockedByRule, patternMatches } from './blocked';

const closed = (code: number) => ({ phase: 'closed' as const, code, reason: '', wasClean: false, initiator: 'server' as const });

describe('blocked by rule', () => {
  it('matches URLs as the rules do: text contained, or a regular expression', () => {
    expect(patternMatches({ text: '/ws/echo' }, 'ws://a.test/ws/echo?x')).toBe(true);
    expect(patternMatches({ text: '/WS' }, 'ws://a.test/ws')).toBe(false);
    expect(patternMatches({ source: 'echo$', flags: 'gi' }, 'ws://a.test/ECHO')).toBe(true);
  });

  it('marks only a matching connection that failed as a refused one does', () => {
    const blocked = [{ text: 'ads' }];
    expect(isBlockedByRule({ url: 'wss://ads.test/', state: closed(1006) }, blocked)).toBe(true);
    expect(isBlockedByRule({ url: 'wss://ads.test/', state: closed(1000) }, blocked)).toBe(false);
    expect(isBlockedByRule({ url: 'wss://ads.test/', state: { phase: 'error' } }, blocked)).toBe(true);
    expect(isBlockedByRule({ url: 'wss://app.test/', state: closed(1006) }, blocked)).toBe(false);
    expect(isBlockedByRule({ url: 'wss://ads.test/', state: closed(1006) }, [])).toBe(false);
  });
});
