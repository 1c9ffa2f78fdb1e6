import {
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
  TimerGraphStageLogic,
} from '../../core/index.js';
import { StreamTimeoutError } from '../StreamTimeoutError.js';

/** @internal Which timeout a {@link Timeout} stage enforces. */
export type TimeoutKind =
  'idleTimeout' | 'completionTimeout' | 'initialTimeout' | 'backpressureTimeout';

/**
 * @internal The pass-through stage behind the four timeout operators. The idle and back-pressure
 * kinds check a deadline on a periodic timer, so an element only writes a number (no timer is
 * rescheduled per element); their resolution is the check interval.
 */
export class Timeout<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape: FlowShape<T, T>;
  constructor(
    readonly kind: TimeoutKind,
    readonly timeoutMs: number,
  ) {
    super(kind);
    this.shape = new FlowShape(new Inlet<T>(`${kind}.in`), new Outlet<T>(`${kind}.out`));
  }
  createLogic(): GraphStageLogic {
    return new TimeoutLogic(this);
  }
}

/** How often a deadline is checked: an eighth of the timeout, between 1 ms and 100 ms. */
function checkInterval(timeoutMs: number): number {
  return Math.min(timeoutMs, Math.max(1, Math.min(100, timeoutMs / 8)));
}

class TimeoutLogic<T> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  /** When the timeout fires unless something happens first (idle, back-pressure kinds). */
  private deadline = Number.POSITIVE_INFINITY;
  private hasSeenElement = false;
  constructor(private readonly stage: Timeout<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    const { kind, timeoutMs } = this.stage;
    if (kind === 'completionTimeout' || kind === 'initialTimeout') {
      this.scheduleOnce('timeout', timeoutMs);
      return;
    }
    if (kind === 'idleTimeout') this.deadline = this.now() + timeoutMs;
    const every = checkInterval(timeoutMs);
    this.scheduleWithFixedDelay('check', every, every);
  }
  onPush(): void {
    const element = this.grab(this.in);
    const kind = this.stage.kind;
    if (kind === 'idleTimeout') {
      this.deadline = this.now() + this.stage.timeoutMs;
    } else if (kind === 'initialTimeout' && !this.hasSeenElement) {
      this.hasSeenElement = true;
      this.cancelTimer('timeout');
    } else if (kind === 'backpressureTimeout') {
      // Downstream owes the next pull from now on.
      this.deadline = this.now() + this.stage.timeoutMs;
    }
    this.push(this.out, element);
  }
  onPull(): void {
    if (this.stage.kind === 'backpressureTimeout') this.deadline = Number.POSITIVE_INFINITY;
    this.pull(this.in);
  }
  protected onTimer(key: unknown): void {
    if (key === 'check' && this.now() < this.deadline) return;
    const { kind, timeoutMs } = this.stage;
    const what =
      kind === 'idleTimeout'
        ? `no element passed for ${timeoutMs} ms`
        : kind === 'completionTimeout'
          ? `the stream did not complete within ${timeoutMs} ms`
          : kind === 'initialTimeout'
            ? `the first element did not arrive within ${timeoutMs} ms`
            : `downstream did not pull for ${timeoutMs} ms after an element`;
    this.failStage(new StreamTimeoutError(`${this.label}: timed out: ${what}`, timeoutMs));
  }
}
