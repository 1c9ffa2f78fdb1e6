import {
  Flow,
  FlowShape,
  FusableFlow,
  Inlet,
  type NotUsed,
  Outlet,
  requireFunction,
  type StepContext,
  type StepSink,
} from '../../core/index.js';
import '../../stages/index.js';
import type { AggregateFunction } from './AggregateFunction.js';
import { LateElement } from './LateElement.js';
import type { SlidingWindows } from './SlidingWindows.js';
import { type SlidingSettings, SlidingWindowsStep } from './SlidingWindowsStep.js';
import type { WindowResult } from './TimeWindow.js';
import { WindowMetrics } from './WindowMetrics.js';
import type { WindowOptions } from './WindowOptions.js';
import type { WindowOutput } from './WindowStep.js';

class SlidingWindowsStage<T, K, Acc, R> extends FusableFlow<T, WindowOutput<K, R, T>> {
  readonly shape = new FlowShape(
    new Inlet<T>('Window.aggregate.in'),
    new Outlet<WindowOutput<K, R, T>>('Window.aggregate.out'),
  );
  constructor(private readonly settings: SlidingSettings<T, K, Acc, R>) {
    super('Window.aggregate');
  }
  createStep(downstream: StepSink<WindowOutput<K, R, T>>, context: StepContext): StepSink<T> {
    return new SlidingWindowsStep(this.settings, downstream, context);
  }
}

/**
 * @internal `Window.aggregate` over Kafka Streams' {@link SlidingWindows}. Of the options it reads
 * `timestamp`, `watermark`, `keyBy`, `lateData` and `metrics`; the grace is the windows' own.
 */
export function buildSlidingWindows<T, K, Acc, R>(
  windows: SlidingWindows,
  fn: AggregateFunction<T, Acc, R>,
  options: WindowOptions<T, K>,
): Flow<T, WindowResult<K, R>, NotUsed> {
  requireFunction('Window.aggregate', 'timestamp', options.timestamp);
  if (options.keyBy !== undefined) requireFunction('Window.aggregate', 'keyBy', options.keyBy);
  const watermark = options.watermark;
  const core = Flow.fromGraph(
    new SlidingWindowsStage<T, K, Acc, R>({
      windows,
      fn,
      timestamp: options.timestamp as (element: T) => number, // checked above
      watermark: watermark === 'fromStream' ? undefined : watermark,
      keyBy: options.keyBy,
      routeLate: options.lateData !== undefined,
      metrics: options.metrics ?? new WindowMetrics(),
    }),
  );
  const isResult = (x: WindowOutput<K, R, T>): x is WindowResult<K, R> =>
    !(x instanceof LateElement);
  const lateData = options.lateData;
  if (lateData === undefined) return core.collect(isResult);
  const isLate = (x: WindowOutput<K, R, T>): x is LateElement<T> => x instanceof LateElement;
  const toLateData = Flow.create<WindowOutput<K, R, T>>()
    .collect(isLate)
    .map((late) => late.element)
    .to(lateData);
  return core.divertTo(toLateData, isLate).collect(isResult);
}
