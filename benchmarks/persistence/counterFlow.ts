import type { Flow, NotUsed } from 'sluice';
import { EventSourcing, type Journal } from 'sluice/persistence';

/**
 * The persistence benchmarks' entity: a running total; each request `n > 0` persists `n` and
 * answers the new total, `0` only reads it.
 */
export const counterFlow = (
  journal: Journal,
  persistenceId: string,
): Flow<number, number, NotUsed> =>
  EventSourcing.flow<number, number, number, number>({
    persistenceId,
    journal,
    emptyState: 0,
    onRequest: (total, n) => (n === 0 ? { reply: total } : { events: [n], reply: total + n }),
    onEvent: (total, n) => total + n,
  });
