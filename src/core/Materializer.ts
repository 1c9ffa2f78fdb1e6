import { realClock, type Clock } from './Clock.js';
import type { Blueprint } from './Blueprint.js';
import { AbruptTerminationError } from './errors.js';
import type { GraphInterpreter } from './GraphInterpreter.js';
import { materialize } from './materialize.js';

/** Settings of a {@link Materializer}. */
export interface MaterializerSettings {
  /** The clock every timer of its streams reads; the testkit's `VirtualClock` for tests. */
  readonly clock?: Clock;
  /** Queued events an interpreter runs before yielding to the event loop (default 16384). */
  readonly eventsPerYield?: number;
  /** Where the runtime reports what it does not throw (default: nowhere). */
  readonly log?: RuntimeLogger;
  /**
   * Runs a classic one-in, one-out stage (a logic with `onPush`/`onPull`) that sits between
   * fusable stages, in a stream from a fusable source to a fusable sink, as a step of their fused
   * chain (default true): the same handlers, called by the chain instead of the interpreter's
   * loop, about 1.5 times as fast. `false` runs every classic stage as its own logic.
   */
  readonly hostClassicStages?: boolean;
}

/**
 * Receives what the runtime reports but does not throw: at debug level, async-callback events
 * ignored because their stage had stopped; at error level, an error thrown by a stage's handler
 * (the stage fails with it) and errors thrown by `postStop`.
 */
export interface RuntimeLogger {
  debug(message: string): void;
  error(message: string, error: unknown): void;
}

const silentLogger: RuntimeLogger = {
  debug: () => undefined,
  error: () => undefined,
};

let defaultInstance: Materializer | undefined;

/**
 * Runs blueprints: each `run` builds fresh logics, one fused interpreter per island, and starts
 * them. It owns the clock, and `shutdown()` stops every stream it started.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const materializer = new Materializer({ clock });
 * const done = Source.tick(0, 100, 'tick').take(3).runWith(Sink.seq(), materializer);
 * clock.advance(300);
 * ```
 */
export class Materializer {
  readonly clock: Clock;
  readonly eventsPerYield: number;
  /** Where the runtime reports what it does not throw. */
  readonly log: RuntimeLogger;
  /** See {@link MaterializerSettings.hostClassicStages}. */
  readonly hostClassicStages: boolean;
  private readonly interpreters = new Set<GraphInterpreter>();
  private shutDown = false;
  /** @internal Removes a finished interpreter; bound once. */
  readonly release = (interpreter: GraphInterpreter): void => {
    this.interpreters.delete(interpreter);
  };

  constructor(settings: MaterializerSettings = {}) {
    const eventsPerYield = settings.eventsPerYield ?? 16_384;
    if (!Number.isInteger(eventsPerYield) || eventsPerYield < 1) {
      throw new RangeError(
        `Materializer: eventsPerYield must be a positive integer, got ${eventsPerYield}`,
      );
    }
    this.clock = settings.clock ?? realClock;
    this.eventsPerYield = eventsPerYield;
    this.log = settings.log ?? silentLogger;
    this.hostClassicStages = settings.hostClassicStages ?? true;
  }

  /** The process-wide materializer on real time, used by `run()` without an argument. */
  static default(): Materializer {
    return (defaultInstance ??= new Materializer());
  }

  /** @internal Materializes and starts a blueprint; returns its materialized value. */
  materialize(blueprint: Blueprint): unknown {
    if (this.shutDown)
      throw new AbruptTerminationError('Materializer: cannot run a stream: it has been shut down');
    return materialize(blueprint, this);
  }

  /** @internal */
  register(interpreter: GraphInterpreter): void {
    this.interpreters.add(interpreter);
  }

  /** How many fused islands are still running: 0 once every stream has stopped. */
  get runningIslands(): number {
    return this.interpreters.size;
  }

  /** Whether `shutdown()` was called. */
  get isShutdown(): boolean {
    return this.shutDown;
  }

  /** Fails every running stream with an `AbruptTerminationError` and refuses new ones. */
  shutdown(): void {
    this.shutDown = true;
    const error = new AbruptTerminationError('Materializer: the stream was stopped by shutdown()');
    for (const interpreter of [...this.interpreters]) interpreter.abort(error);
  }

  /** @internal */
  reportError(stage: string, error: unknown): void {
    this.log.error(`${stage}: error while stopping the stage`, error);
  }
}
