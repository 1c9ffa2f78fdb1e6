import {
  Flow,
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  TimerGraphStageLogic,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/** `throttle` in `enforcing` mode saw elements arrive faster than the rate allows. */
export class RateExceededError extends Error {
  override readonly name = 'RateExceededError';
}

/** Options of {@link throttle}. */
export interface ThrottleOptions<T> {
  /**
   * Tokens the bucket holds: how many elements (or how much cost) may pass at once after a quiet
   * period. Default: the tokens of 100 ms at the given rate, at least 1.
   */
  readonly maximumBurst?: number;
  /** `shaping` (default) delays elements to keep the rate; `enforcing` fails the stream instead. */
  readonly mode?: 'shaping' | 'enforcing';
  /** The cost of each element (default 1): `elements` per `perMs` then limits the total cost. */
  readonly cost?: (element: T) => number;
}

/**
 * Limits the rate to `elements` per `perMs` (or that much total `cost`), with a token bucket that
 * starts full and holds `maximumBurst` tokens. In `shaping` mode an element that finds too few
 * tokens waits until the bucket has refilled; in `enforcing` mode it fails the stream with
 * `RateExceededError`.
 * - Emits when: an element arrived and the bucket had (or refilled) the tokens for it.
 * - Backpressures when: downstream backpressures, or an element is waiting for tokens.
 * - Completes when: upstream completes and the waiting element was emitted.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `elements`, `perMs` or `maximumBurst` is not positive; TypeError for a bad
 *   mode or cost.
 * @example
 * ```ts
 * Source.from(requests).throttle(10, 1_000); // at most 10 per second
 * ```
 * @see delay, Source.tick
 */
export function throttle<T>(
  elements: number,
  perMs: number,
  options: ThrottleOptions<T> = {},
): Flow<T, T, NotUsed> {
  requirePositive('elements', elements);
  requirePositive('perMs', perMs);
  const maximumBurst = options.maximumBurst ?? Math.max(1, (elements * 100) / perMs);
  requirePositive('maximumBurst', maximumBurst);
  const mode: string = options.mode ?? 'shaping';
  if (mode !== 'shaping' && mode !== 'enforcing') {
    throw new TypeError(`throttle: mode must be 'shaping' or 'enforcing', got ${mode}`);
  }
  if (options.cost !== undefined) requireFunction('throttle', 'cost', options.cost);
  return Flow.fromGraph(
    new Throttle(perMs / elements, maximumBurst, mode === 'enforcing', options.cost),
  );
}

function requirePositive(parameter: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`throttle: ${parameter} must be a positive number, got ${String(value)}`);
  }
}

class Throttle<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('throttle.in'), new Outlet<T>('throttle.out'));
  constructor(
    readonly msPerToken: number,
    readonly capacity: number,
    readonly isEnforcing: boolean,
    readonly cost: ((element: T) => number) | undefined,
  ) {
    super('throttle');
  }
  createLogic(): GraphStageLogic {
    return new ThrottleLogic(this);
  }
}

// Tokens may go negative: an element takes its tokens at once and, in shaping mode, waits until
// the debt is repaid. Tolerance absorbs float error in `elapsed / msPerToken`.
const Epsilon = 1e-9;

class ThrottleLogic<T> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private tokens: number;
  private lastRefill = 0;
  /** An element waiting for its tokens; it has already paid for them. */
  private waiting: T | undefined = undefined;
  constructor(private readonly stage: Throttle<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.tokens = stage.capacity;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.lastRefill = this.now();
  }
  onPush(): void {
    const element = this.grab(this.in);
    const cost = this.stage.cost === undefined ? 1 : this.stage.cost(element);
    const now = this.now();
    this.tokens = Math.min(
      this.stage.capacity,
      this.tokens + (now - this.lastRefill) / this.stage.msPerToken,
    );
    this.lastRefill = now;
    this.tokens -= cost;
    if (this.tokens >= -Epsilon) {
      this.push(this.out, element);
      return;
    }
    if (this.stage.isEnforcing) {
      throw new RateExceededError(
        `${this.label}: cannot pass an element: the maximum rate was exceeded`,
      );
    }
    this.waiting = element;
    this.scheduleOnce('throttle', -this.tokens * this.stage.msPerToken);
  }
  protected onTimer(): void {
    const element = this.waiting as T; // the timer runs only while an element waits
    this.waiting = undefined;
    this.push(this.out, element);
    if (this.isClosed(this.in)) this.completeStage();
  }
  onPull(): void {
    this.pull(this.in);
  }
  onUpstreamFinish(): void {
    if (this.waiting === undefined) this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Limits the rate with a token bucket; see {@link throttle}. */
    throttle(
      elements: number,
      perMs: number,
      options?: ThrottleOptions<Out>,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('throttle', throttle);
