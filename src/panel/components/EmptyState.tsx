interface Props {
  anyConnection: boolean;
  filtered: boolean;
  /** No Frametap content script runs in the tab. */
  unreachable: boolean;
}

function emptyText({ anyConnection, filtered, unreachable }: Props): string {
  if (filtered) return 'No message matches the filter.';
  if (anyConnection) return 'No messages yet.';
  if (unreachable) {
    return 'Frametap cannot see this page yet: it was loaded before Frametap was installed or updated (or the browser keeps extensions off it). Reload the page to inspect it.';
  }
  return 'Open a page that uses WebSocket or EventSource — its connections appear here, including those opened before DevTools.';
}

/** What the grid says when it has nothing to show, and what to do about it. */
export function EmptyState(props: Props) {
  return <div class="empty-state">{emptyText(props)}</div>;
}
