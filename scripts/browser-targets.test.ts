import { describe, expect, it } from 'vitest';
import manifest from '../manifest.json' with { type: 'json' };
import { buildFor, GECKO_ID, targetOfMode } from './browser-targets';

describe('the Firefox build of the one manifest', () => {
  const firefox = buildFor(targetOfMode('firefox'), manifest);

  it('runs the background as an event page, with a fixed gecko id, consent and no Chrome-only keys', () => {
    expect(firefox.outDir).toBe('dist-firefox');
    expect(firefox.manifest.background).toEqual({ scripts: [manifest.background.service_worker], type: 'module' });
    expect(firefox.manifest.browser_specific_settings?.gecko).toEqual({
      id: GECKO_ID,
      strict_min_version: '140.0',
      data_collection_permissions: { required: ['none'] },
    });
    expect(firefox.manifest).not.toHaveProperty('minimum_chrome_version');
    expect(firefox.manifest).not.toHaveProperty('message_serialization');
  });

  it('keeps the content scripts, the DevTools page and the CSP as they are', () => {
    expect(firefox.manifest.content_scripts).toEqual(manifest.content_scripts);
    expect(firefox.manifest.devtools_page).toBe(manifest.devtools_page);
    expect(firefox.manifest.content_security_policy).toEqual(manifest.content_security_policy);
  });

  it('replaces worker capture with its no-debugger twin, and leaves Chrome’s build alone', () => {
    expect(firefox.aliases.map((alias) => String(alias.replacement))).toEqual([expect.stringMatching(/src\/background\/worker-capture\.firefox\.ts$/)]);
    const chrome = buildFor(targetOfMode('production'), manifest);
    expect(chrome).toMatchObject({ outDir: 'dist', aliases: [], manifest });
  });
});
