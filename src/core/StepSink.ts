import type { PortMisuseError } from './errors.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { Materializer } from './Materializer.js';

/**
 * The receiving end of one step in a fused chain: see {@link FusableFlow}. A step gets its
 * downstream `StepSink` when it is created and calls it directly, so an element crosses a fused
 * chain as a few plain method calls, with no port signal, queue or pull round-trip between steps.
 *
 * The contract that makes this safe without back-pressure signals between the steps:
 * - `onElement` is called only when the chain's downstream has demand, so a flow step calls its
 *   downstream's `onElement` **at most once** per `onElement` it receives (zero drops the element;
 *   the chain then asks upstream for another), and never from anywhere else except `onComplete`
 *   and the `produce` of an {@link StepExpansion} it started.
 * - A step with more to emit than one element (`mapConcat`, `flatMapConcat`) hands the chain a
 *   {@link StepExpansion} with `context.expand`; the chain then drives it, one element per demand,
 *   before it feeds the step anything else. While one of its expansions runs, a step may hold
 *   `onComplete` back and pass it on once the expansion is done.
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
  /**
   * The chain failed (upstream failed, a step threw, or the materializer shut down); `onStop`
   * follows. For a step that feeds a sink of its own (`alsoTo`), which fails with the stream as it
   * would behind the junction.
   */
  onError?(error: unknown): void;
  /** Runs once when the chain has stopped, however it stopped: release resources here. */
  onStop?(): void;
}

/**
 * What `produce` of a {@link StepExpansion} reports: `'more'` (call again on the next demand),
 * `'done'` (finished; it may have emitted a last element in this call), `'wait'` (nothing to emit
 * yet; the step calls `context.wake()` when it has) or `'feed'`.
 *
 * `'feed'` is for a step that takes upstream's elements while its expansion runs (a merge of
 * inner sources, such as `flatMapMerge`): it wants upstream's next element (or completion) before
 * it emits more. It may report it after emitting fewer than `max` elements in the call (demand is
 * left), or after emitting nothing. The chain then runs what is upstream of the expansion once (the
 * expansion below it, the source, or a pull of the chain's inlet), which reaches the step's
 * `onElement` or `onComplete` as usual, and calls `produce` again on the next demand. When upstream
 * has nothing at once (the inlet is already pulled) the chain stops until upstream's push or
 * completion, or the step's `context.wake()`; a step that sees its request still open on its next
 * `produce` should emit from what it holds instead, or report `'feed'` again to wait for upstream.
 * Report it only when the step can take one more element.
 */
export type ExpansionState = 'more' | 'done' | 'wait' | 'feed';

/**
 * The rest of the output of one element (or of upstream's completion) that a flow step emits over
 * several demands. Started with {@link StepContext.expand}; the chain calls `produce` once per
 * demand until it reports `'done'`, and feeds the step nothing new until then.
 */
export interface StepExpansion {
  /**
   * There is demand: call the downstream's `onElement` at most `max` times, the second and later
   * times only while `context.gate.open` (see {@link StepGate}), and say what follows.
   *
   * `max` is 0 when the chain is ending and has no demand: emit nothing, and report `'done'` if
   * nothing is left to emit (passing a held-back completion on), so that the end of the stream
   * needs no pull; otherwise report `'more'`.
   */
  produce(max: number): ExpansionState;
  /**
   * True for an expansion that reports `'feed'` (a merge of inner sources): a chain with an outlet
   * then also calls `produce(0)` while it has no demand, so that the step can take upstream's
   * elements ahead (start its inner sources) before the first pull.
   */
  readonly feeds?: boolean;
  /**
   * For an expansion that reports `'feed'`: what it was fed threw (a step or source upstream of it
   * failed). With this hook the expansion takes the failure, as a stage behind a junction would see
   * its upstream fail; without it the whole chain fails.
   */
  upstreamFailed?(error: unknown): void;
}

/**
 * Lets a source or an expansion emit a burst of elements in a loop of its own instead of one per
 * call from the chain: `open` stays true while the chain takes another element at once. The chain
 * clears it when its demand is met, a step starts an expansion, or the chain ends; `close()` is
 * for a step that has to stop the burst itself (an inner chain that ended). Closing is always
 * safe: the chain opens the gate again when it next has demand.
 */
export interface StepGate {
  readonly open: boolean;
  close(): void;
}

/**
 * What a {@link FusableSource}'s step sends to: a {@link StepSink} that watches for the source's
 * completion (which it may hold back while an expansion runs), and `next`, the step after it. A
 * source may hand its elements straight to `next`: one call fewer per element, and in a burst
 * loop a call site that sees only the chain's first step. Its completion must go to `onComplete`
 * here.
 */
export interface SourceDownstream<T> extends StepSink<T> {
  /** The step that receives the source's elements. */
  readonly next: StepSink<T>;
}

/** The step of a {@link FusableSource}: it emits on demand. */
export interface SourceStep {
  /**
   * There is demand: call the downstream's `onElement` exactly once, or its `onComplete`, or both
   * (the last element, then `onComplete`).
   */
  produce(): void;
  /**
   * Optional fast path: emit up to `max` elements in a loop, the second and later only while
   * `context.gate.open`, completing after the last; return how many were emitted (it counts
   * against the chain's yield budget). The chain calls it instead of `produce` when it can take
   * more than one element.
   */
  produceBurst?(max: number): number;
  /** As {@link StepSink.onStart}. */
  onStart?(): void;
  /** As {@link StepSink.onStop}. */
  onStop?(): void;
}

/** The step of a {@link FusableSink}: it consumes every element it is sent. */
export interface SinkStep<In> extends StepSink<In> {
  /** The chain failed (upstream failed, a step threw, or the materializer shut down). */
  onError(error: unknown): void;
  /**
   * True when `onComplete` ends the chain itself by calling `context.cancelUpstream()`, and
   * ignores a second call. The chain then hands elements to this step directly; otherwise a
   * wrapper before it watches for the completion, one more call per element.
   */
  readonly endsChainOnComplete?: boolean;
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
  /**
   * Starts an expansion: from now on the chain drives `expansion` on each demand, ahead of any new
   * element, until it reports `'done'`. Expansions started while another runs (by a step further
   * downstream) run first, so order is kept.
   */
  expand(expansion: StepExpansion): void;
  /**
   * An expansion that reported `'wait'` has something again, or a step started one outside the
   * chain's turn (from a timer or an `AsyncCallback`): the chain drives it if there is demand.
   */
  wake(): void;
  /** The chain's gate for bursts: see {@link StepGate}. */
  readonly gate: StepGate;
  /** The materializer running the chain: for a step that runs a nested stream. */
  readonly materializer: Materializer;
  /**
   * The logic the chain runs in: the owner to give a `SubSinkInlet` or an `AsyncCallback`, whose
   * handlers then run in the chain's turn. Do not push, pull or complete its ports.
   */
  readonly logic: GraphStageLogic;
}
