import { describe, expect, it } from 'vitest';
import { panelLayout } from './layout';

describe('panel layout', () => {
  it('arranges the panes for where DevTools is docked', () => {
    // Docked at the bottom: wide and short.
    expect(panelLayout(1280, 260)).toEqual({ sidebar: 'beside', details: 'beside', compactComposer: true });
    // Docked at the side: narrow and tall.
    expect(panelLayout(420, 720)).toEqual({ sidebar: 'drawer', details: 'below', compactComposer: false });
    expect(panelLayout(560, 720)).toEqual({ sidebar: 'drawer', details: 'below', compactComposer: false });
    // Undocked, or a big window.
    expect(panelLayout(1280, 800)).toEqual({ sidebar: 'beside', details: 'below', compactComposer: false });
    // Narrow and short: everything compact.
    expect(panelLayout(500, 300)).toEqual({ sidebar: 'drawer', details: 'below', compactComposer: true });
  });
});
