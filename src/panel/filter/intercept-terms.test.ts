import { describe, expect, it } from 'vitest';
import { logEntry } from '../store/events.fixture';
import { createMessageLog } from '../store/message-log';
import { buildMessageFilter, NO_FILTER } from './filter';
import { parseQuery } from './query';

function interceptLog() {
  const log = createMessageLog({ maxMessages: 100, maxBytes: Infinity });
  log.append(logEntry({ dir: 'out', data: 'plain' })); // 0
  log.append(logEntry({ dir: 'out', data: 'ping', intercept: { rule: 'r', action: 'drop' } })); // 1
  log.append(logEntry({ data: 'pong', via: 'rule', intercept: { rule: 'r' } })); // 2
  log.append(logEntry({ dir: 'out', data: 'hold', intercept: { rule: 'p', action: 'pause', hold: 1, release: { outcome: 'continued' } } })); // 3
  log.append(logEntry({ data: 'late', intercept: { rule: 'd', action: 'delay', delayMs: 500 } })); // 4
  return log;
}

const matching = (text: string): number[] => {
  const log = interceptLog();
  const predicate = buildMessageFilter(log, { ...NO_FILTER, text })!;
  const ids: number[] = [];
  for (let id = log.firstId; id < log.endId; id++) if (predicate(id)) ids.push(id);
  return ids;
};

describe('intercept filter terms', () => {
  it('finds what a rule acted on, and a rule’s own replies apart', () => {
    expect(matching('is:intercepted')).toEqual([1, 3, 4]);
    expect(matching('is:reply')).toEqual([2]);
    expect(matching('-is:intercepted')).toEqual([0, 2]);
  });

  it('finds one action, negated too, and mixes with the other terms', () => {
    expect(matching('action:drop')).toEqual([1]);
    expect(matching('action:PAUSE')).toEqual([3]);
    expect(matching('-action:delay dir:out')).toEqual([0, 1, 3]);
    expect(matching('is:intercepted late')).toEqual([4]);
  });

  it('says which values the terms take', () => {
    expect(parseQuery('is:blocked')).toEqual({ kind: 'invalid', message: 'is:blocked: is: is intercepted, reply or worker' });
    expect(parseQuery('action:block')).toEqual({ kind: 'invalid', message: 'action:block: action: is drop, delay, rewrite, respond or pause' });
  });
});
