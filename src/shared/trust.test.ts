import { describe, expect, it } from 'vitest';
import { contentSenderOf, isOwnExtensionPage, type SenderLike } from './trust';

const self = { id: 'abcdefghijklmnopabcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/' };
const panelInDevTools: SenderLike = { id: self.id, url: `${self.baseUrl}src/panel/index.html`, origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' };
const panelInTab: SenderLike = { ...panelInDevTools, url: `${self.baseUrl}src/panel/index.html?tabId=3`, tab: { id: 9 }, frameId: 0 };
const contentScript: SenderLike = { id: self.id, url: 'https://example.com/', origin: 'https://example.com', tab: { id: 3 }, frameId: 0, documentId: 'D1' };

describe('trust', () => {
  it('takes the extension’s own pages, in DevTools or in a tab, as its own', () => {
    expect(isOwnExtensionPage(panelInDevTools, self)).toBe(true);
    expect(isOwnExtensionPage(panelInTab, self)).toBe(true);
  });

  it('never takes a content script, another extension or an unstamped sender for one of its pages', () => {
    expect(isOwnExtensionPage(contentScript, self)).toBe(false);
    expect(isOwnExtensionPage({ ...panelInDevTools, id: 'another' }, self)).toBe(false);
    expect(isOwnExtensionPage({ ...panelInDevTools, origin: 'https://example.com' }, self)).toBe(false);
    expect(isOwnExtensionPage({ ...contentScript, url: `https://example.com/?${self.baseUrl}` }, self)).toBe(false);
    expect(isOwnExtensionPage({ id: self.id }, self)).toBe(false);
    expect(isOwnExtensionPage(undefined, self)).toBe(false);
  });

  it('lets a content script speak for its own tab, frame and document only', () => {
    expect(contentSenderOf(contentScript, self)).toEqual({ tabId: 3, frameId: 0, documentId: 'D1' });
    expect(contentSenderOf({ ...contentScript, documentId: undefined }, self)).toEqual({ tabId: 3, frameId: 0, documentId: '' });
    expect(contentSenderOf(panelInTab, self)).toBeNull();
    expect(contentSenderOf(panelInDevTools, self)).toBeNull();
    expect(contentSenderOf({ ...contentScript, tab: undefined }, self)).toBeNull();
    expect(contentSenderOf({ ...contentScript, frameId: undefined }, self)).toBeNull();
    expect(contentSenderOf({ ...contentScript, id: 'another' }, self)).toBeNull();
  });

  it('decides the same from what Firefox stamps: a gecko id, moz-extension pages, frame ids past 2³²', () => {
    const firefox = { id: 'frametap@frametap.dev', baseUrl: 'moz-extension://5b0f3c2e-8d41-4a7e-9c16-3e2f7a9d1b40/' };
    const origin = 'moz-extension://5b0f3c2e-8d41-4a7e-9c16-3e2f7a9d1b40';
    const panel: SenderLike = { id: firefox.id, url: `${firefox.baseUrl}src/panel/index.html?tabId=2`, origin, tab: { id: 4 }, frameId: 0 };
    const frame: SenderLike = { id: firefox.id, url: 'https://example.com/frame', origin: 'https://example.com', tab: { id: 2 }, frameId: 2 ** 32 + 17, documentId: 'ff-doc' };
    expect(isOwnExtensionPage(panel, firefox)).toBe(true);
    expect(contentSenderOf(panel, firefox)).toBeNull();
    expect(contentSenderOf(frame, firefox)).toEqual({ tabId: 2, frameId: 2 ** 32 + 17, documentId: 'ff-doc' });
    expect(isOwnExtensionPage(frame, firefox)).toBe(false);
    // Another add-on's page, even with this one's URL prefix in its own URL, is not this one's.
    expect(isOwnExtensionPage({ ...panel, id: 'other@example.com' }, firefox)).toBe(false);
    expect(isOwnExtensionPage({ ...panel, origin: 'moz-extension://another-uuid' }, firefox)).toBe(false);
  });
});
