import { requireFunction, requireNonNegativeDuration } from '../../core/index.js';

/**
 * How `RestartSource`, `RestartFlow` and `RestartSink` back off: the n-th restart in a row waits
 * `minBackoffMs * 2^n`, capped at `maxBackoffMs`, stretched by up to `randomFactor` (0.2: up to
 * 20 % longer) so that many restarting streams do not retry in lockstep.
 */
export interface RestartSettings {
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Random extra delay as a fraction of the backoff; 0 for none (deterministic, as in tests). */
  readonly randomFactor: number;
  /** Give up after this many restarts within `maxRestartsWithinMs`; default: never give up. */
  readonly maxRestarts?: number;
  /**
   * The window the restart count is kept for: once this long has passed since the first restart
   * of the window, the count and the backoff start again from zero. Default: forever.
   */
  readonly maxRestartsWithinMs?: number;
  /** Which failures restart (default: all); any other failure fails the stream at once. */
  readonly restartOn?: (error: unknown) => boolean;
}

/** @internal Checks settings once, when the restarting stage is built. */
export function validateRestartSettings(operator: string, settings: RestartSettings): void {
  requireNonNegativeDuration(operator, 'minBackoffMs', settings.minBackoffMs);
  requireNonNegativeDuration(operator, 'maxBackoffMs', settings.maxBackoffMs);
  if (settings.maxBackoffMs < settings.minBackoffMs) {
    throw new RangeError(
      `${operator}: maxBackoffMs must be >= minBackoffMs (${settings.minBackoffMs}), got ${settings.maxBackoffMs}`,
    );
  }
  const { randomFactor, maxRestarts, maxRestartsWithinMs } = settings;
  if (typeof randomFactor !== 'number' || !Number.isFinite(randomFactor) || randomFactor < 0) {
    throw new RangeError(
      `${operator}: randomFactor must be a finite number >= 0, got ${String(randomFactor)}`,
    );
  }
  if (maxRestarts !== undefined && (!Number.isInteger(maxRestarts) || maxRestarts < 0)) {
    throw new RangeError(
      `${operator}: maxRestarts must be a non-negative integer, got ${String(maxRestarts)}`,
    );
  }
  if (maxRestartsWithinMs !== undefined)
    requireNonNegativeDuration(operator, 'maxRestartsWithinMs', maxRestartsWithinMs);
  if (settings.restartOn !== undefined) requireFunction(operator, 'restartOn', settings.restartOn);
}

/**
 * @internal The restart bookkeeping of one materialization: counts restarts in the current
 * window and computes the next delay.
 */
export class Backoff {
  private count = 0;
  private windowStart = Number.NEGATIVE_INFINITY;
  constructor(private readonly settings: RestartSettings) {}

  /**
   * The delay before the next restart, or -1 when the restart limit is reached or `error` (a
   * failure; undefined after a completion) is not one to restart on.
   */
  next(now: number, error?: unknown): number {
    const s = this.settings;
    if (error !== undefined && s.restartOn !== undefined && !s.restartOn(error)) return -1;
    if (now - this.windowStart > (s.maxRestartsWithinMs ?? Number.POSITIVE_INFINITY)) {
      this.count = 0;
    }
    if (this.count === 0) this.windowStart = now;
    if (s.maxRestarts !== undefined && this.count >= s.maxRestarts) return -1;
    const base = Math.min(s.maxBackoffMs, s.minBackoffMs * 2 ** this.count);
    this.count++;
    return s.randomFactor === 0 ? base : base * (1 + Math.random() * s.randomFactor);
  }
}
