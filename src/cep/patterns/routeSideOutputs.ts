import { Flow, type Graph, type SinkShape } from '../../core/index.js';
import '../../stages/index.js';
import { LateElement } from '../windows/LateElement.js';

/**
 * @internal The flow of a pattern operator: its stage emits matches, timed-out partial matches
 * and late events; these go to the `timedOut` and `lateData` sinks when given, and are dropped
 * otherwise, so that only matches flow on.
 */
export function routeSideOutputs<T, TimedOut, M, Mat>(
  core: Flow<T, unknown, Mat>,
  isTimedOut: (x: unknown) => x is TimedOut,
  timedOut: Graph<SinkShape<TimedOut>, unknown> | undefined,
  lateData: Graph<SinkShape<T>, unknown> | undefined,
): Flow<T, M, Mat> {
  const isLate = (x: unknown): x is LateElement<T> => x instanceof LateElement;
  const isMatch = (x: unknown): x is M => !(isTimedOut(x) || x instanceof LateElement);
  let flow = core;
  if (timedOut !== undefined) {
    flow = flow.divertTo(Flow.create<unknown>().collect(isTimedOut).to(timedOut), isTimedOut);
  }
  if (lateData !== undefined) {
    flow = flow.divertTo(
      Flow.create<unknown>()
        .collect(isLate)
        .map((late) => late.element)
        .to(lateData),
      isLate,
    );
  }
  return flow.collect(isMatch);
}
