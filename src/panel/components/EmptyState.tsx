/** What the grid says when it has nothing to show, and what to do about it. */
export function EmptyState({ anyConnection, filtered }: { anyConnection: boolean; filtered: boolean }) {
  return (
    <div class="empty-state">
      {filtered
        ? 'No message matches the filter.'
        : anyConnection
          ? 'No messages yet.'
          : 'Open a page that uses WebSocket or EventSource — its connections appear here, including those opened before DevTools.'}
    </div>
  );
}
