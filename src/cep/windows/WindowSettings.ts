import type { WatermarkStrategy } from '../watermark/WatermarkStrategy.js';
import type { WindowFunction } from './AggregateFunction.js';
import type { Evictor } from './evictor/Evictor.js';
import type { Trigger } from './trigger/Trigger.js';
import type { WindowAssigner } from './WindowAssigner.js';
import type { WindowMetrics } from './WindowMetrics.js';

/** @internal The checked settings of one window operator, shared by its materializations. */
export interface WindowSettings<T, K, Acc, R> {
  readonly assigner: WindowAssigner<T>;
  readonly fn: WindowFunction<T, K, Acc, R>;
  readonly timestamp: ((element: T) => number) | undefined;
  readonly watermark: WatermarkStrategy<T> | undefined;
  readonly keyBy: ((element: T) => K) | undefined;
  readonly routeLate: boolean;
  readonly allowedLatenessMs: number;
  readonly graceMs: number;
  readonly emitOnUpdate: boolean;
  readonly maxOpenWindowsPerKey: number;
  readonly maxOpenWindows: number;
  readonly evictOldest: boolean;
  readonly metrics: WindowMetrics;
  /** Set: the operator runs `TriggerWindowStep`; unset: the default by-time `WindowStep`. */
  readonly trigger: Trigger<T, unknown> | undefined;
  readonly evictor: Evictor<T> | undefined;
  readonly closeIdleKeysAfterMs: number | undefined;
  readonly closeWhenStreamIdleMs: number | undefined;
}
