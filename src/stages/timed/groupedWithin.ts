import { Flow, type NotUsed, requirePositiveInt, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { GroupedWeightedWithin } from './groupedWeightedWithin.js';

const zero = (): number => 0;

/**
 * Groups elements into arrays of at most `maxNumber`, emitting a group when it is full or when
 * `intervalMs` has passed since the last group was emitted, whichever comes first. Never emits an
 * empty group. The timer runs on the materializer's clock.
 * - Emits when: `maxNumber` elements were collected, or the interval passed with a non-empty group.
 * - Backpressures when: a full group waits for downstream demand.
 * - Completes when: upstream completes and the last group was emitted.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `maxNumber` or `intervalMs` is not a positive integer.
 * @example
 * ```ts
 * Source.from(rows).groupedWithin(500, 1_000).mapAsync(1, (batch) => db.insertMany(batch));
 * ```
 * @see groupedWeightedWithin, grouped, batch
 */
export function groupedWithin<T>(maxNumber: number, intervalMs: number): Flow<T, T[], NotUsed> {
  requirePositiveInt('groupedWithin', 'maxNumber', maxNumber);
  requirePositiveInt('groupedWithin', 'intervalMs', intervalMs);
  return Flow.fromGraph(
    new GroupedWeightedWithin<T>(
      Number.MAX_SAFE_INTEGER,
      maxNumber,
      intervalMs,
      zero,
      'groupedWithin',
    ),
  );
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Groups by count or time; see {@link groupedWithin}. */
    groupedWithin(maxNumber: number, intervalMs: number): Repr<Kind, In, Out[], Mat>;
  }
}
addFlowOperator('groupedWithin', groupedWithin);
