class Channel {
  watermark = Number.MIN_SAFE_INTEGER;
  isIdle = false;
}

/**
 * Combines the watermarks of several inputs into one: the minimum over the inputs that are not
 * idle, never moving back (Flink's `StatusWatermarkValve`). Fan-in of event-time streams uses it
 * with one channel per inlet; a partitioned source (Kafka) uses it with one channel per assigned
 * partition, adding and removing channels as partitions are assigned and revoked.
 */
export class WatermarkValve<C = number> {
  private readonly channels = new Map<C, Channel>();
  private combined = Number.MIN_SAFE_INTEGER;
  private allIdle = false;

  /** The combined watermark: the minimum over active channels (monotonic). */
  get watermark(): number {
    return this.combined;
  }

  /** True when every channel is idle (and there is at least one): the output is idle too. */
  get isIdle(): boolean {
    return this.allIdle;
  }

  /** Channels currently tracked. */
  get size(): number {
    return this.channels.size;
  }

  /** Starts tracking `channel`; it holds the combined watermark back until it reports one. */
  addChannel(channel: C): void {
    if (!this.channels.has(channel)) this.channels.set(channel, new Channel());
    this.allIdle = false;
  }

  /** Stops tracking `channel` (a revoked partition, a finished inlet); returns whether it advanced. */
  removeChannel(channel: C): boolean {
    this.channels.delete(channel);
    return this.recompute();
  }

  /** A watermark from `channel`; returns whether the combined watermark advanced. */
  onWatermark(channel: C, timestamp: number): boolean {
    const state = this.channelOf(channel);
    if (state.isIdle) state.isIdle = false;
    if (timestamp > state.watermark) state.watermark = timestamp;
    return this.recompute();
  }

  /** `channel` went quiet; returns whether the combined watermark advanced. */
  onIdle(channel: C): boolean {
    this.channelOf(channel).isIdle = true;
    return this.recompute();
  }

  /** `channel` carries elements again (it counts in the minimum from now on). */
  onActive(channel: C): void {
    this.channelOf(channel).isIdle = false;
    this.allIdle = false;
  }

  private channelOf(channel: C): Channel {
    let state = this.channels.get(channel);
    if (state === undefined) {
      state = new Channel();
      this.channels.set(channel, state);
    }
    return state;
  }

  private recompute(): boolean {
    let min = Number.MAX_SAFE_INTEGER;
    let active = 0;
    for (const state of this.channels.values()) {
      if (state.isIdle) continue;
      active++;
      if (state.watermark < min) min = state.watermark;
    }
    this.allIdle = active === 0 && this.channels.size > 0;
    if (active === 0 || min <= this.combined) return false;
    this.combined = min;
    return true;
  }
}
