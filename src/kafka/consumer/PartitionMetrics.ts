/** Per-partition lag, for `Control.metrics`. */
export interface PartitionMetrics {
  readonly topic: string;
  readonly partition: number;
  /** The offset after the last record emitted, or -1 before the first. */
  readonly position: number;
  /** The partition's end offset at the last fetch, or -1 before the first. */
  readonly highWatermark: number;
  /** Records between the position and the end offset. */
  readonly lag: number;
}
