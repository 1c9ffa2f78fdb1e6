import { requireFunction, requirePositiveInt } from '../../core/index.js';
import type {
  WatermarkGenerator,
  WatermarkGeneratorContext,
  WatermarkOutput,
} from '../watermark/WatermarkGenerator.js';
import { WatermarkStrategy } from '../watermark/WatermarkStrategy.js';
import { WatermarkValve } from '../watermark/WatermarkValve.js';

/** The options of per-split watermarks: which split an element belongs to, and each split's strategy. */
export interface PerSplitWatermarkOptions<T, S> {
  /**
   * The split of an element, compared with `Map` key equality: for Kafka, its partition (or
   * `topic/partition` for several topics).
   */
  readonly split: (element: T) => S;
  /**
   * The strategy each split runs on its own elements. With `withIdleness(ms)`, a split with no
   * element for `ms` of processing time (a revoked or quiet partition) stops holding the
   * watermark back until it has elements again.
   */
  readonly watermark: WatermarkStrategy<T>;
  /**
   * Splits known from the start (a topic's partitions): each holds the watermark back until it
   * reports one, or goes idle. Other splits count from their first element.
   */
  readonly splits?: readonly S[];
  /** How many splits may be tracked; one more fails the stream, naming the split. Default 4096. */
  readonly maxSplits?: number;
}

const defaultMaxSplits = 4096;

/** One split's generator, and where it reports: its channel of the valve. */
class SplitChannel<T, S> implements WatermarkOutput {
  readonly generator: WatermarkGenerator<T>;
  constructor(
    private readonly valve: WatermarkValve<S>,
    private readonly split: S,
    strategy: WatermarkStrategy<T>,
    context: WatermarkGeneratorContext,
  ) {
    valve.addChannel(split);
    this.generator = strategy.createGenerator(context);
  }
  emitWatermark(timestamp: number): void {
    this.valve.onWatermark(this.split, timestamp);
  }
  markIdle(): void {
    this.valve.onIdle(this.split);
  }
  markActive(): void {
    this.valve.onActive(this.split);
  }
}

/**
 * A watermark generator per split, combined as Flink's Kafka source combines its partitions: the
 * watermark reported is the minimum over the splits that are not idle, and the output is idle
 * when every split is. It is itself one {@link WatermarkGenerator}, so it runs wherever a strategy
 * runs: in `EventTime.assignTimestampsAndWatermarks` or inside a window operator.
 */
export class PerSplitWatermarks<T, S> implements WatermarkGenerator<T> {
  private readonly valve = new WatermarkValve<S>();
  private readonly channels = new Map<S, SplitChannel<T, S>>();
  private readonly maxSplits: number;

  constructor(
    private readonly label: string,
    private readonly options: PerSplitWatermarkOptions<T, S>,
    private readonly context: WatermarkGeneratorContext,
  ) {
    this.maxSplits = options.maxSplits ?? defaultMaxSplits;
    for (const split of options.splits ?? []) this.channelOf(split);
  }

  /** How many splits are tracked: every split seen or declared, idle ones included. */
  get splitCount(): number {
    return this.channels.size;
  }

  onEvent(event: T, timestamp: number, output: WatermarkOutput): void {
    const channel = this.channelOf(this.options.split(event));
    channel.generator.onEvent(event, timestamp, channel);
    this.report(output);
  }

  onPeriodicEmit(output: WatermarkOutput): void {
    for (const channel of this.channels.values()) channel.generator.onPeriodicEmit(channel);
    this.report(output);
  }

  private channelOf(split: S): SplitChannel<T, S> {
    let channel = this.channels.get(split);
    if (channel === undefined) {
      if (this.channels.size >= this.maxSplits) {
        throw new RangeError(
          `${this.label}: split ${String(split)} would be split number ${String(this.maxSplits + 1)}, over maxSplits (${String(this.maxSplits)})`,
        );
      }
      channel = new SplitChannel(this.valve, split, this.options.watermark, this.context);
      this.channels.set(split, channel);
    }
    return channel;
  }

  private report(output: WatermarkOutput): void {
    if (this.valve.isIdle) {
      output.markIdle();
      return;
    }
    output.markActive();
    // Below every timestamp until each tracked split has reported: nothing to say yet.
    if (this.valve.watermark > Number.MIN_SAFE_INTEGER) output.emitWatermark(this.valve.watermark);
  }
}

/**
 * The strategy of per-split watermarks: a {@link PerSplitWatermarks} per materialization, run at
 * the splits' strategy's interval.
 * @throws TypeError if `split` is not a function; RangeError if `maxSplits` is not a positive
 * integer or `splits` lists more than it.
 */
export function perSplitStrategy<T, S>(
  label: string,
  options: PerSplitWatermarkOptions<T, S>,
): WatermarkStrategy<T> {
  requireFunction(label, 'split', options.split);
  if (options.maxSplits !== undefined) requirePositiveInt(label, 'maxSplits', options.maxSplits);
  const declared = options.splits?.length ?? 0;
  if (declared > (options.maxSplits ?? defaultMaxSplits)) {
    throw new RangeError(
      `${label}: splits lists ${String(declared)} splits, over maxSplits (${String(options.maxSplits ?? defaultMaxSplits)})`,
    );
  }
  return WatermarkStrategy.forGenerator<T>(
    (context) => new PerSplitWatermarks(label, options, context),
  ).withIntervalMs(options.watermark.intervalMs);
}
