/**
 * The sub-protocols a page asked for, normalized to string[] for the `create` event.
 *
 * The native constructor has already converted and validated the argument (WebIDL `DOMString or
 * sequence<DOMString>`), so nothing here may run page code a second time: a primitive is
 * converted (which runs none; a Symbol would have made the constructor throw), a genuine Array is read through property descriptors (no getter
 * runs). Any other iterable, an element that is an object, or an accessor element is left out,
 * because reading it again could have side effects the page would notice. A Proxy passed as the
 * array is the one case where the page can observe this read (its traps run).
 */
import { getOwnPropertyDescriptor, hasOwn, isArray } from './natives';
import { isPrimitive } from './primitive';


export function requestedProtocols(requested: unknown): string[] {
  if (requested === undefined) return [];
  if (isPrimitive(requested)) return [`${requested as string}`];
  if (!isArray(requested)) return [];
  const protocols: string[] = [];
  const length = getOwnPropertyDescriptor(requested, 'length')?.value as number;
  for (let i = 0; i < length; i++) {
    const descriptor = getOwnPropertyDescriptor(requested, i);
    // hasOwn, not `in`: an absent field would be looked up on the page's Object.prototype.
    if (descriptor && hasOwn(descriptor, 'value') && isPrimitive(descriptor.value)) {
      protocols[protocols.length] = `${descriptor.value as string}`;
    }
  }
  return protocols;
}
