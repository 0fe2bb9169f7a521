const POLL_MS = 10;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Polls `predicate` until it returns something truthy and resolves with that. Rejects when
 * it throws, or after `timeoutMs` with the predicate's source in the message, so a failing
 * test says what it was waiting for.
 */
export function waitFor<T>(predicate: () => T | undefined | false, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise<T>((resolve, reject) => {
    const poll = () => {
      let value: T | undefined | false;
      try {
        value = predicate();
      } catch (error) {
        reject(error);
        return;
      }
      if (value) resolve(value);
      else if (Date.now() >= deadline) reject(new Error(`waitFor timed out after ${timeoutMs} ms waiting for: ${predicate.toString()}`));
      else setTimeout(poll, POLL_MS);
    };
    poll();
  });
}
