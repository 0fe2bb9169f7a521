import { describe, expect, it } from 'vitest';
import { deliveredInstead, interceptMarker } from './intercept-text';

describe('intercept markers', () => {
  it('say what a rule did, and how a paused message went', () => {
    expect(interceptMarker({ via: 'page', intercept: undefined })).toBeNull();
    expect(interceptMarker({ via: 'page', intercept: { rule: 'r', action: 'drop' } })).toBe('Dropped');
    expect(interceptMarker({ via: 'page', intercept: { rule: 'r', action: 'delay', delayMs: 250 } })).toBe('Delayed 250 ms');
    expect(interceptMarker({ via: 'page', intercept: { rule: 'r', action: 'rewrite' } })).toBe('Rewritten');
    expect(interceptMarker({ via: 'page', intercept: { rule: 'r', action: 'respond', loop: true } })).toBe('Loop: not answered');
    expect(interceptMarker({ via: 'page', intercept: { rule: 'r', action: 'pause', hold: 1 } })).toBe('Paused');
    expect(interceptMarker({ via: 'page', intercept: { rule: 'r', action: 'pause', hold: 1, release: { outcome: 'edited' } } })).toBe('Paused → Edited');
    expect(interceptMarker({ via: 'rule', intercept: { rule: 'r' } })).toBe('Rule reply');
  });

  it('tell what was delivered instead: a rewrite, or an edited paused message', () => {
    expect(deliveredInstead({ rule: 'r', action: 'rewrite', delivered: 'B', deliveredSize: 1 })).toEqual({ data: 'B', size: 1, truncated: false });
    expect(deliveredInstead({ rule: 'r', action: 'pause', release: { outcome: 'edited', data: 'E', size: 1, truncated: true } })).toEqual({ data: 'E', size: 1, truncated: true });
    expect(deliveredInstead({ rule: 'r', action: 'pause', release: { outcome: 'continued' } })).toBeNull();
    expect(deliveredInstead({ rule: 'r', action: 'drop' })).toBeNull();
  });
});
