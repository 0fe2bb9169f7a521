/**
 * Lifetimes for the server's per-connection work. Every WebSocket and SSE response gets one
 * scope; its timers and clean-ups live exactly as long as the connection, and `close()` on the
 * demo server disposes every scope still open, so no timer or socket outlives the server
 * (vitest only exits once nothing keeps the event loop alive).
 */

export interface Scope {
  readonly disposed: boolean;
  /** Resolves after `ms`; never resolves once the scope is disposed (callers re-check `disposed`). */
  delay(ms: number): Promise<void>;
  /** Resolves on the event loop's next turn (after pending I/O); never once the scope is disposed. */
  nextTurn(): Promise<void>;
  /** Calls `tick` every `ms` until the returned stop function is called or the scope ends. */
  every(ms: number, tick: () => void): () => void;
  /** Runs `cleanUp` on dispose, or at once if the scope is already disposed. */
  onDispose(cleanUp: () => void): void;
  /** Idempotent. */
  dispose(): void;
}

export interface ScopeRegistry {
  /** A scope that `disposeAll` will end; already disposed if the registry is. */
  open(): Scope;
  disposeAll(): void;
}

export function createScopeRegistry(): ScopeRegistry {
  const live = new Set<Scope>();
  let closed = false;

  return {
    open() {
      const scope = createScope(() => live.delete(scope));
      if (closed) scope.dispose();
      else live.add(scope);
      return scope;
    },
    disposeAll() {
      closed = true;
      for (const scope of [...live]) scope.dispose();
    },
  };
}

function createScope(onDisposed: () => void): Scope {
  const timeouts = new Set<NodeJS.Timeout>();
  const intervals = new Set<NodeJS.Timeout>();
  const immediates = new Set<NodeJS.Immediate>();
  const cleanUps: Array<() => void> = [];
  let disposed = false;

  return {
    get disposed() {
      return disposed;
    },
    delay(ms) {
      return new Promise((resolve) => {
        if (disposed) return;
        const timer = setTimeout(() => {
          timeouts.delete(timer);
          resolve();
        }, ms);
        timeouts.add(timer);
      });
    },
    nextTurn() {
      return new Promise((resolve) => {
        if (disposed) return;
        const immediate = setImmediate(() => {
          immediates.delete(immediate);
          resolve();
        });
        immediates.add(immediate);
      });
    },
    every(ms, tick) {
      if (disposed) return () => {};
      const timer = setInterval(tick, ms);
      intervals.add(timer);
      return () => {
        clearInterval(timer);
        intervals.delete(timer);
      };
    },
    onDispose(cleanUp) {
      if (disposed) cleanUp();
      else cleanUps.push(cleanUp);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const timer of timeouts) clearTimeout(timer);
      for (const timer of intervals) clearInterval(timer);
      for (const immediate of immediates) clearImmediate(immediate);
      timeouts.clear();
      intervals.clear();
      immediates.clear();
      for (const cleanUp of cleanUps.splice(0)) cleanUp();
      onDisposed();
    },
  };
}
