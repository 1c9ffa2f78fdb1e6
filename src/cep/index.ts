export { EventTime } from './eventTime/EventTime.js';
export type { PerSplitWatermarkOptions } from './eventTime/PerSplitWatermarks.js';
export { BoundedOutOfOrdernessWatermarks } from './watermark/BoundedOutOfOrdernessWatermarks.js';
export { IdlenessWatermarks } from './watermark/IdlenessWatermarks.js';
export { type EventTimeElement, Watermark } from './watermark/Watermark.js';
export type {
  WatermarkGenerator,
  WatermarkGeneratorContext,
  WatermarkOutput,
} from './watermark/WatermarkGenerator.js';
export {
  WatermarkStrategy,
  type WatermarkGeneratorFactory,
} from './watermark/WatermarkStrategy.js';
export { WatermarkValve } from './watermark/WatermarkValve.js';
export type { AggregateFunction } from './windows/AggregateFunction.js';
export { CalendarWindows, type CalendarWindowOptions } from './windows/calendar.js';
export { CountWindows } from './windows/CountWindows.js';
export type { Evictor, TimestampedValue } from './windows/evictor/Evictor.js';
export { CountEvictor, DeltaEvictor, TimeEvictor } from './windows/evictor/evictors.js';
export { GlobalWindows } from './windows/GlobalWindows.js';
export { OpenWindowLimitError } from './windows/OpenWindowLimitError.js';
export { EventTimeSessionWindows, ProcessingTimeSessionWindows } from './windows/session.js';
export { SlidingEventTimeWindows, SlidingProcessingTimeWindows } from './windows/sliding.js';
export { SlidingWindows } from './windows/SlidingWindows.js';
export type { TimeWindow, WindowResult } from './windows/TimeWindow.js';
export {
  ContinuousEventTimeTrigger,
  ContinuousProcessingTimeTrigger,
} from './windows/trigger/continuousTriggers.js';
export { CountTrigger } from './windows/trigger/CountTrigger.js';
export { EventTimeTrigger } from './windows/trigger/EventTimeTrigger.js';
export { ProcessingTimeTrigger } from './windows/trigger/ProcessingTimeTrigger.js';
export { PurgingTrigger } from './windows/trigger/PurgingTrigger.js';
export { TimeOrCountState, TimeOrCountTrigger } from './windows/trigger/TimeOrCountTrigger.js';
export { type Trigger, type TriggerContext, TriggerResult } from './windows/trigger/Trigger.js';
export { TumblingEventTimeWindows, TumblingProcessingTimeWindows } from './windows/tumbling.js';
export { Window } from './windows/Window.js';
export {
  KeyedWindows,
  type ProcessWindowContext,
  type WindowedOptions,
  WindowedStream,
} from './windows/WindowedStream.js';
export type { WindowAssigner } from './windows/WindowAssigner.js';
export { WindowMetrics } from './windows/WindowMetrics.js';
export type { EventTimeStreamOptions, WindowOptions } from './windows/WindowOptions.js';
export { AfterMatchSkipStrategy, type SkipKind } from './patterns/AfterMatchSkipStrategy.js';
export { CEP } from './patterns/CEP.js';
export { MalformedPatternError } from './patterns/MalformedPatternError.js';
export { Pattern, type MatchOf, type WithinMode } from './patterns/Pattern.js';
export type { RulePattern } from './patterns/compileRule.js';
export { PatternControl, type RuleChangeOptions } from './patterns/PatternControl.js';
export { PatternMetrics } from './patterns/PatternMetrics.js';
export type {
  CommonPatternOptions,
  DynamicPatternOptions,
  EventTimeDynamicPatternOptions,
  EventTimePatternOptions,
  FromStreamTime,
  PatternOptions,
} from './patterns/PatternOptions.js';
export type {
  Condition,
  ContextOf,
  EventOf,
  GroupEntry,
  GroupKind,
  GroupMarker,
  GroupPattern,
  GuardCondition,
  LoopGap,
  LoopKind,
  OptionalKind,
  PatternContext,
  Simplify,
  StepEntry,
  StepKind,
  SubPattern,
} from './patterns/PatternTypes.js';
export { RuleChangeError } from './patterns/RuleChangeError.js';
export type { RuleChangePolicy, RuleStatus } from './patterns/RuleCommand.js';
export { RuleMatch, type RuleMatchContent } from './patterns/RuleMatch.js';
export { TimedOutMatch } from './patterns/TimedOutMatch.js';
export { TimedOutRuleMatch } from './patterns/TimedOutRuleMatch.js';
export { TooManyPartialMatchesError } from './patterns/TooManyPartialMatchesError.js';
