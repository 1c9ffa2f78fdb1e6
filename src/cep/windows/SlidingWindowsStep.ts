import { Heap } from 'heap-js';
import type { AsyncCallback, Cancellable, StepContext, StepSink } from '../../core/index.js';
import { badTimestamp } from '../watermark/badTimestamp.js';
import { Watermark } from '../watermark/Watermark.js';
import type { WatermarkGenerator, WatermarkOutput } from '../watermark/WatermarkGenerator.js';
import type { WatermarkStrategy } from '../watermark/WatermarkStrategy.js';
import type { AggregateFunction } from './AggregateFunction.js';
import { LateElement } from './LateElement.js';
import { OutputQueue } from './OutputQueue.js';
import type { SlidingWindows } from './SlidingWindows.js';
import type { WindowMetrics } from './WindowMetrics.js';
import type { WindowOutput } from './WindowStep.js';

/** @internal The checked settings of a record-driven sliding window operator. */
export interface SlidingSettings<T, K, Acc, R> {
  readonly windows: SlidingWindows;
  readonly fn: AggregateFunction<T, Acc, R>;
  readonly timestamp: (element: T) => number;
  readonly watermark: WatermarkStrategy<T> | undefined;
  readonly keyBy: ((element: T) => K) | undefined;
  readonly routeLate: boolean;
  readonly metrics: WindowMetrics;
}

class Rec<T> {
  constructor(
    readonly element: T,
    readonly ts: number,
  ) {}
}

class KeyRecords<K, T> {
  /** The key's records by timestamp: kept until no open window can hold them. */
  readonly records: Rec<T>[] = [];
  /** Window starts waiting to fire. */
  readonly starts = new Set<number>();
  constructor(readonly key: K) {}
}

class Due<K, T> {
  constructor(
    readonly at: number,
    readonly keyRecords: KeyRecords<K, T>,
    readonly start: number,
  ) {}
}

/**
 * @internal The step of `slidingAggregate`: per key, the records of the last `d + grace` of event
 * time and the windows they open; a window is aggregated from its records when the watermark
 * passes its end plus the grace, so memory is bounded by the records within that span.
 */
export class SlidingWindowsStep<T, K, Acc, R> implements StepSink<T | Watermark>, WatermarkOutput {
  private readonly keys = new Map<K, KeyRecords<K, T>>();
  private readonly due = new Heap<Due<K, T>>((a, b) => a.at - b.at || a.start - b.start);
  private readonly output: OutputQueue<WindowOutput<K, R, T>>;
  private readonly d: number;
  private readonly grace: number;
  private watermark = Number.MIN_SAFE_INTEGER;
  private generator: WatermarkGenerator<T> | undefined = undefined;
  private timer: Cancellable | undefined = undefined;
  private readonly tick: AsyncCallback<undefined>;
  private isDone = false;
  constructor(
    private readonly settings: SlidingSettings<T, K, Acc, R>,
    downstream: StepSink<WindowOutput<K, R, T>>,
    private readonly context: StepContext,
  ) {
    this.output = new OutputQueue(downstream, context);
    this.d = settings.windows.timeDifferenceMs;
    this.grace = settings.windows.graceMs;
    this.tick = context.logic.getAsyncCallback(() => {
      this.onTick();
    });
  }
  onStart(): void {
    const clock = this.context.materializer.clock;
    this.generator = this.settings.watermark?.createGenerator({ now: () => clock.now() });
    this.schedule();
  }
  onElement(x: T | Watermark): void {
    if (Watermark.is(x)) {
      if (this.settings.watermark === undefined && !x.isIdle) this.emitWatermark(x.timestamp);
    } else {
      const ts = this.settings.timestamp(x);
      if (!Number.isFinite(ts)) throw badTimestamp(this.context.label, ts);
      this.generator?.onEvent(x, ts, this);
      this.add(x, ts);
      if (this.settings.watermark?.intervalMs === 0) this.generator?.onPeriodicEmit(this);
    }
    this.fire(this.watermark);
    this.output.flush();
  }
  onComplete(): void {
    this.isDone = true;
    this.timer?.cancel();
    this.fire(Number.MAX_SAFE_INTEGER);
    this.output.complete();
  }
  onStop(): void {
    this.timer?.cancel();
  }
  emitWatermark(timestamp: number): void {
    if (timestamp > this.watermark) this.watermark = timestamp;
  }
  markIdle(): void {
    // One input: nothing to hold back.
  }
  markActive(): void {
    // As markIdle.
  }

  private add(element: T, ts: number): void {
    // Kafka Streams drops a record whose own (left) window has closed.
    if (ts + this.grace <= this.watermark) {
      this.settings.metrics.lateElements++;
      if (this.settings.routeLate) this.output.push(new LateElement(element, ts));
      return;
    }
    const key = this.settings.keyBy === undefined ? (undefined as K) : this.settings.keyBy(element);
    let state = this.keys.get(key);
    if (state === undefined) {
      state = new KeyRecords<K, T>(key);
      this.keys.set(key, state);
      this.settings.metrics.keys++;
    }
    const records = state.records;
    let i = records.length;
    while (i > 0 && (records[i - 1] as Rec<T>).ts > ts) i--; // non-null: i > 0
    records.splice(i, 0, new Rec(element, ts));
    this.open(state, ts - this.d); // the window ending at this record
    this.open(state, ts + 1); // the window starting after it (fires only if it holds records)
    // Records before this one now have a right window holding it.
    for (let j = i - 1; j >= 0; j--) {
      const r = records[j] as Rec<T>; // non-null: j >= 0
      if (r.ts < ts - this.d - 1) break;
      if (r.ts < ts) this.open(state, r.ts + 1);
    }
  }

  private open(state: KeyRecords<K, T>, start: number): void {
    if (state.starts.has(start)) return;
    const at = start + this.d + this.grace;
    if (at <= this.watermark) return; // closed already: its records were emitted with others
    state.starts.add(start);
    this.settings.metrics.openWindows++;
    this.due.push(new Due(at, state, start));
  }

  private fire(time: number): void {
    const fn = this.settings.fn;
    for (;;) {
      const top = this.due.peek();
      if (top === undefined || top.at > time) break;
      this.due.pop();
      const state = top.keyRecords;
      state.starts.delete(top.start);
      this.settings.metrics.openWindows--;
      const end = top.start + this.d;
      let acc: Acc | undefined = undefined;
      for (const r of state.records) {
        if (r.ts < top.start) continue;
        if (r.ts > end) break;
        acc = fn.add(r.element, acc ?? fn.createAccumulator());
      }
      if (acc !== undefined) {
        this.output.push({
          key: state.key,
          window: { start: top.start, end: end + 1 },
          value: fn.getResult(acc),
        });
        this.settings.metrics.firings++;
      }
      this.prune(state, top.at);
    }
  }

  /**
   * Drops the records no window firing after `firedAt` can hold (every later window starts after
   * them), and the key when nothing is left.
   */
  private prune(state: KeyRecords<K, T>, firedAt: number): void {
    const records = state.records;
    let n = 0;
    while (n < records.length && (records[n] as Rec<T>).ts + this.d + this.grace < firedAt) n++;
    if (n > 0) records.splice(0, n);
    if (records.length === 0 && state.starts.size === 0) {
      this.keys.delete(state.key);
      this.settings.metrics.keys--;
    }
  }

  private schedule(): void {
    const intervalMs = this.settings.watermark?.intervalMs ?? 0;
    if (intervalMs === 0 || this.isDone) return;
    const tick = this.tick;
    this.timer = this.context.materializer.clock.schedule(intervalMs, () => {
      tick.invoke(undefined);
    });
  }

  private onTick(): void {
    if (this.isDone) return;
    this.generator?.onPeriodicEmit(this);
    this.schedule();
    this.fire(this.watermark);
    if (this.output.flush()) this.context.wake();
  }
}
