import { describe, expect, it } from 'vitest';
import { inspectedTabId, themeFromDevTools } from './environment';

describe('inspected tab', () => {
  it('takes ?tabId= first, then the DevTools tab', () => {
    expect(inspectedTabId('?tabId=42', 7)).toBe(42);
    expect(inspectedTabId('', 7)).toBe(7);
    expect(inspectedTabId('', undefined)).toBeNull();
  });

  it('refuses a tabId that is not a tab id', () => {
    expect(inspectedTabId('?tabId=-1', 7)).toBeNull();
    expect(inspectedTabId('?tabId=1e3', 7)).toBeNull();
    expect(inspectedTabId('?tabId=', 7)).toBeNull();
  });
});

describe('theme', () => {
  it("maps DevTools' theme names", () => {
    expect(themeFromDevTools('dark')).toBe('dark');
    expect(themeFromDevTools('default')).toBe('light');
  });
});
