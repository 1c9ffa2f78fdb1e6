import {
  Flow,
  type NotUsed,
  requireFunction,
  requireNonNegativeDuration,
  requirePositiveInt,
} from '../../core/index.js';
import '../../stages/index.js';
import type { WindowFunction } from './AggregateFunction.js';
import { LateElement } from './LateElement.js';
import type { WindowResult } from './TimeWindow.js';
import type { WindowAssigner } from './WindowAssigner.js';
import { WindowMetrics } from './WindowMetrics.js';
import type { WindowOptions } from './WindowOptions.js';
import type { WindowSettings } from './WindowSettings.js';
import { WindowStage } from './WindowStage.js';
import { requirePositiveDuration } from './validation.js';
import type { Evictor } from './evictor/Evictor.js';
import { EventTimeTrigger } from './trigger/EventTimeTrigger.js';
import { ProcessingTimeTrigger } from './trigger/ProcessingTimeTrigger.js';
import type { Trigger } from './trigger/Trigger.js';
import type { WindowOutput } from './WindowStep.js';

/**
 * @internal Checks the settings and builds a window flow: the fused window stage, then (with
 * `lateData`) a divert of late elements to that sink, then the results only. The flow accepts
 * {@link Watermark}s too; the public overloads say so in its type for `watermark: 'fromStream'`.
 */
export function buildWindow<T, K, Acc, R>(
  name: string,
  assigner: WindowAssigner<T>,
  options: WindowOptions<T, K>,
  fn: WindowFunction<T, K, Acc, R>,
): Flow<T, WindowResult<K, R>, NotUsed> {
  const settings = checkSettings(name, assigner, options, fn);
  const core = Flow.fromGraph(new WindowStage<T, T, K, Acc, R>(name, settings));
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

function checkSettings<T, K, Acc, R>(
  name: string,
  assigner: WindowAssigner<T>,
  options: WindowOptions<T, K>,
  fn: WindowFunction<T, K, Acc, R>,
): WindowSettings<T, K, Acc, R> {
  if (assigner.isEventTime) requireFunction(name, 'timestamp', options.timestamp);
  if (assigner.isMerging && fn.merge === undefined) {
    throw new TypeError(`${name}: ${assigner.name} merges windows, so the function needs merge`);
  }
  if (options.keyBy !== undefined) requireFunction(name, 'keyBy', options.keyBy);
  const allowedLatenessMs = options.allowedLatenessMs ?? 0;
  requireNonNegativeDuration(name, 'allowedLatenessMs', allowedLatenessMs);
  const graceMs = options.graceMs ?? 0;
  requireNonNegativeDuration(name, 'graceMs', graceMs);
  const maxOpenWindowsPerKey = options.maxOpenWindowsPerKey ?? 10_000;
  requirePositiveInt(name, 'maxOpenWindowsPerKey', maxOpenWindowsPerKey);
  const maxOpenWindows = options.maxOpenWindows ?? 1_000_000;
  requirePositiveInt(name, 'maxOpenWindows', maxOpenWindows);
  const trigger = options.trigger ?? assigner.defaultTrigger;
  const evictor = options.evictor ?? assigner.defaultEvictor;
  const { closeIdleKeysAfterMs, closeWhenStreamIdleMs } = options;
  if (closeIdleKeysAfterMs !== undefined) {
    requirePositiveDuration(name, 'closeIdleKeysAfterMs', closeIdleKeysAfterMs);
  }
  if (closeWhenStreamIdleMs !== undefined) {
    requirePositiveDuration(name, 'closeWhenStreamIdleMs', closeWhenStreamIdleMs);
  }
  // Idle closing and evictors run on the general path, with the assigner's default trigger.
  const isGeneral =
    trigger !== undefined ||
    evictor !== undefined ||
    closeIdleKeysAfterMs !== undefined ||
    closeWhenStreamIdleMs !== undefined;
  if (isGeneral) checkGeneral(name, assigner, options, trigger, evictor);
  const watermark = options.watermark;
  const isSuppressed = options.emit === 'suppressUntilClose';
  return {
    assigner,
    fn,
    timestamp: options.timestamp,
    watermark: watermark === 'fromStream' ? undefined : watermark,
    keyBy: options.keyBy,
    routeLate: options.lateData !== undefined,
    // Suppressed until close: one result, once allowed lateness is over too (Kafka Streams' grace).
    allowedLatenessMs: isSuppressed ? 0 : allowedLatenessMs,
    graceMs: isSuppressed ? graceMs + allowedLatenessMs : graceMs,
    emitOnUpdate: options.emit === 'onEveryUpdate',
    maxOpenWindowsPerKey,
    maxOpenWindows,
    evictOldest: options.onTooManyWindows === 'emitOldest',
    metrics: options.metrics ?? new WindowMetrics(),
    trigger: trigger ?? (isGeneral ? defaultTrigger(assigner) : undefined),
    evictor,
    closeIdleKeysAfterMs,
    closeWhenStreamIdleMs,
  };
}

/** The trigger of the general path when none is given: the assigner's firing at its end. */
function defaultTrigger<T>(assigner: WindowAssigner<T>): Trigger<T, unknown> {
  return assigner.isEventTime ? EventTimeTrigger.create() : ProcessingTimeTrigger.create();
}

function checkGeneral<T, K>(
  name: string,
  assigner: WindowAssigner<T>,
  options: WindowOptions<T, K>,
  trigger: Trigger<T, unknown> | undefined,
  evictor: Evictor<T> | undefined,
): void {
  const what =
    trigger?.name ??
    evictor?.name ??
    (options.closeIdleKeysAfterMs === undefined ? 'closeWhenStreamIdleMs' : 'closeIdleKeysAfterMs');
  if (options.graceMs !== undefined) {
    throw new TypeError(
      `${name}: graceMs works with the default trigger only, not with ${what}; use allowedLatenessMs`,
    );
  }
  if (options.emit !== undefined && options.emit !== 'onWindowClose') {
    throw new TypeError(
      `${name}: emit '${options.emit}' works with the default trigger only, not with ${what}`,
    );
  }
  if (trigger !== undefined) {
    requireFunction(name, 'trigger.onElement', trigger.onElement);
    if (assigner.isMerging && trigger.onMerge === undefined) {
      throw new TypeError(
        `${name}: ${assigner.name} merges windows, so the trigger needs onMerge; ${trigger.name} has none`,
      );
    }
  }
  if (evictor !== undefined) requireFunction(name, 'evictor.evictBefore', evictor.evictBefore);
}
