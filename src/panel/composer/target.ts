/** Which connection the composer acts on: the selected one, else that of the selected message. */
import type { Connection } from '../store/connection';
import type { Store } from '../store/store';

export function composerTarget(store: Store): Connection | undefined {
  const selected = store.selectedConnId.value;
  if (selected !== null) return store.connections.value.find((c) => c.id === selected);
  void store.revision.value;
  const messageId = store.selectedMessageId.value;
  if (messageId === null || !store.log.has(messageId)) return undefined;
  return store.connectionsByIndex.value.get(store.log.get(messageId).connIndex);
}
