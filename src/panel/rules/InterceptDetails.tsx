/**
 * The details pane's account of what a rule did to the selected message: which rule, what it
 * did, and what Frametap delivered instead, above the message as the page or server sent it.
 */
import { usePanelApp } from '../app-context';
import { BinaryPayload } from '../components/BinaryPayload';
import { TextPayload } from '../components/TextPayload';
import { TruncationNotice } from '../components/TruncationNotice';
import type { Intercept } from '../store/intercept';
import type { LogEntry } from '../store/message-log';
import { deliveredInstead } from './intercept-text';
import { ruleSummary } from './rule-edit';

/** Who sent the message, and who was to get it. */
const partiesOf = (entry: LogEntry) => (entry.dir === 'out' ? { from: 'the page', to: 'the server' } : { from: 'the server', to: 'the page' });

function whatFrametapDid(intercept: Intercept, entry: LogEntry): string {
  const { to } = partiesOf(entry);
  if (entry.via === 'rule') return 'This is the rule’s reply, delivered to the page as if the server had sent it';
  switch (intercept.action) {
    case undefined:
      return 'Nothing';
    case 'drop':
      return `Dropped it: ${to} never got it`;
    case 'delay':
      return `Held it ${intercept.delayMs ?? 0} ms before ${to} got it`;
    case 'rewrite':
      return `Rewrote it: ${to} got the text below instead`;
    case 'respond':
      if (intercept.loop) return 'The rule answered so often that it looked like a loop: Frametap stopped the rule, and this message went on unanswered';
      return intercept.passed ? 'Answered it with the rule’s reply, and sent it on as well' : 'Answered it with the rule’s reply instead of sending it';
    case 'pause':
      switch (intercept.release?.outcome) {
        case undefined:
          return 'Paused it: it waits for Continue or Drop';
        case 'continued':
          return `Paused it, then let it go to ${to} as it was`;
        case 'edited':
          return `Paused it, then let it go to ${to} edited, as below`;
        case 'dropped':
          return `Paused it, then dropped it: ${to} never got it`;
      }
  }
}

export function InterceptDetails({ entry }: { entry: LogEntry }) {
  const { rules } = usePanelApp();
  const { intercept } = entry;
  if (!intercept) return null;
  const rule = rules.rules.value.find((r) => r.id === intercept.rule);
  const instead = deliveredInstead(intercept);
  return (
    <section class="intercept-details" aria-label="Intercept">
      <dl class="details-facts">
        <dt>Rule</dt>
        <dd>{rule ? ruleSummary(rule) : 'A rule no longer in the Rules pane'}</dd>
        <dt>Frametap</dt>
        <dd>{whatFrametapDid(intercept, entry)}</dd>
      </dl>
      {instead && (
        <>
          <div class="details-caption">Delivered instead</div>
          {instead.truncated && <TruncationNotice size={instead.size ?? instead.data.length} />}
          {entry.opcode === 'binary' ? (
            <BinaryPayload base64={instead.data} size={instead.size ?? 0} />
          ) : (
            <TextPayload text={instead.data} />
          )}
          <div class="details-caption">As {partiesOf(entry).from} sent it</div>
        </>
      )}
    </section>
  );
}
