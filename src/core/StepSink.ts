import type { PortMisuseError } from './errors.js';

/**
 * The receiving end of one step in a fused chain: see {@link FusableFlow}. A step gets its
 * downstream `StepSink` when it is created and calls it directly, so an element crosses a fused
 * chain as a few plain method calls, with no port signal, queue or pull round-trip between steps.
 *
 * The contract that makes this safe without back-pressure signals between the steps:
 * - `onElement` is called only when the chain's downstream has demand, so a flow step calls its
 *   downstream's `onElement` **at most once** per `onElement` it receives (zero drops the element;
 *   the chain then asks upstream for another), and never from anywhere else except `onComplete`.
 * - `onComplete` ends the chain: once it reaches the chain's end, upstream is cancelled and the
 *   chain's outlet completes. A step passes it on after emitting at most one last element.
 * - Never pass `null` or `undefined` on; throw `context.illegalElement(x)` instead.
 * - A step that throws fails the whole chain with that error.
 */
export interface StepSink<In> {
  /** One element, sent while there is demand for it. */
  onElement(element: In): void;
  /** Upstream finished (or a step upstream, such as `take`, ended the chain). */
  onComplete(): void;
  /**
   * Runs when the chain starts, before any element, after the steps downstream of it started. A
   * step that is done at once (`take(0)`) completes here; one may emit one element (scan's seed),
   * which the chain holds until its downstream pulls.
   */
  onStart?(): void;
  /** Runs once when the chain has stopped, however it stopped: release resources here. */
  onStop?(): void;
}

/** The step of a {@link FusableSource}: it emits on demand. */
export interface SourceStep {
  /**
   * There is demand: call the downstream's `onElement` exactly once, or its `onComplete`, or both
   * (the last element, then `onComplete`).
   */
  produce(): void;
  /** As {@link StepSink.onStart}. */
  onStart?(): void;
  /** As {@link StepSink.onStop}. */
  onStop?(): void;
}

/** The step of a {@link FusableSink}: it consumes every element it is sent. */
export interface SinkStep<In> extends StepSink<In> {
  /** The chain failed (upstream failed, a step threw, or the materializer shut down). */
  onError(error: unknown): void;
}

/** What a step may ask of the chain it runs in. */
export interface StepContext {
  /** The stage's label for errors (`map#3`, or its `named()` name). */
  readonly label: string;
  /**
   * Stops everything upstream of this step (the source stops, the chain's inlet is cancelled).
   * A sink step calls it to stop early (`head`); a flow step then completes its downstream itself.
   */
  cancelUpstream(): void;
  /** The port-rule error for a `null` or `undefined` element this step was about to emit: throw it. */
  illegalElement(element: unknown): PortMisuseError;
}
