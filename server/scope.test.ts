import { describe, expect, it, vi } from 'vitest';
import { createScopeRegistry } from './scope';

describe('scopes', () => {
  it('dispose stops timers and runs clean-ups once', () => {
    vi.useFakeTimers();
    try {
      const scope = createScopeRegistry().open();
      const tick = vi.fn();
      const cleanUp = vi.fn();
      scope.every(10, tick);
      scope.onDispose(cleanUp);
      vi.advanceTimersByTime(25);
      expect(tick).toHaveBeenCalledTimes(2);

      scope.dispose();
      scope.dispose();
      vi.advanceTimersByTime(100);
      expect(tick).toHaveBeenCalledTimes(2);
      expect(cleanUp).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the stop function returned by every() stops only that timer', () => {
    vi.useFakeTimers();
    try {
      const scope = createScopeRegistry().open();
      const stopped = vi.fn();
      const running = vi.fn();
      const stop = scope.every(10, stopped);
      scope.every(10, running);
      stop();
      vi.advanceTimersByTime(30);
      expect(stopped).not.toHaveBeenCalled();
      expect(running).toHaveBeenCalledTimes(3);
      scope.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('disposeAll ends every open scope, and scopes opened afterwards start disposed', () => {
    const registry = createScopeRegistry();
    const open = registry.open();
    registry.disposeAll();
    expect(open.disposed).toBe(true);

    const late = registry.open();
    const cleanUp = vi.fn();
    late.onDispose(cleanUp);
    expect(late.disposed).toBe(true);
    expect(cleanUp).toHaveBeenCalledTimes(1);
  });
});
