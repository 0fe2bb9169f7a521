import { describe, expect, it } from 'vitest';
import { memoryStorage } from './storage';
import { DEFAULT_LAYOUT, parseLayout, readLayout, writeLayout } from './layout-settings';

describe('layout settings', () => {
  it('keeps what is valid of what was stored, and defaults the rest', () => {
    expect(parseLayout(undefined)).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('nonsense')).toEqual(DEFAULT_LAYOUT);
    expect(
      parseLayout({ sizes: { '--sidebar-width': 250.4, '--details-height': -5, '--details-width': 'wide', '--other': 100 }, detailsShown: false }),
    ).toEqual({ sizes: { '--sidebar-width': 250 }, detailsShown: false });
    expect(parseLayout({ sizes: { '--details-width': Infinity }, detailsShown: 'no' })).toEqual({ sizes: {}, detailsShown: true });
  });

  it('reads back what it wrote', async () => {
    const storage = memoryStorage();
    const layout = { sizes: { '--details-height': 180 }, detailsShown: false };
    await writeLayout(storage, layout);
    expect(await readLayout(storage)).toEqual(layout);
  });
});
