/**
 * Whether converting `value` to a string or number runs no page code: true for primitives (a
 * Symbol's conversion throws, natively), false for objects and functions, whose `toString`,
 * `valueOf` or `Symbol.toPrimitive` the page may have written.
 */
export const isPrimitive = (value: unknown): boolean =>
  value === null || (typeof value !== 'object' && typeof value !== 'function');
