import {
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
  TimerGraphStageLogic,
} from 'sluice';

// Classic stages written the way docs/custom-stages.md teaches, each with one inlet and one outlet:
// between fusable stages the materializer hosts them in the fused chain.

type Ports = FlowShape<number, number>;

/** A stage of numbers whose logic `make` builds. */
class NumberStage extends GraphStage<Ports> {
  readonly shape: Ports;
  constructor(
    name: string,
    private readonly make: (ports: Ports) => GraphStageLogic,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<number>(`${name}.in`), new Outlet<number>(`${name}.out`));
  }
  createLogic(): GraphStageLogic {
    return this.make(this.shape);
  }
}

/**
 * Its own handler on both ports; pulls when pulled. A timer logic, so that one base serves every
 * stage here (a logic that sets no timer behaves as a plain one).
 */
abstract class Classic extends TimerGraphStageLogic implements InHandler, OutHandler {
  constructor(protected readonly ports: Ports) {
    super(ports);
    this.setHandlers(ports.in, ports.out, this);
  }
  abstract onPush(): void;
  onPull(): void {
    this.pull(this.ports.in);
  }
  protected onTimer(): void {
    // Only TimedEcho sets a timer.
  }
}

/** Passes on the elements `keep` accepts; pulls again for the others. */
export const classicFilter = (keep: (x: number) => boolean): NumberStage =>
  new NumberStage(
    'classicFilter',
    (ports) =>
      new (class extends Classic {
        onPush(): void {
          const x = this.grab(ports.in);
          if (keep(x)) this.push(ports.out, x);
          else this.pull(ports.in);
        }
      })(ports),
  );

/** Holds every element and emits them all, reversed, once upstream completes. */
export const reverseAtEnd = (): NumberStage =>
  new NumberStage(
    'reverseAtEnd',
    (ports) =>
      new (class extends Classic {
        private readonly held: number[] = [];
        override preStart(): void {
          this.pull(ports.in);
        }
        onPush(): void {
          this.held.unshift(this.grab(ports.in));
          this.pull(ports.in);
        }
        onUpstreamFinish(): void {
          this.emitMultiple(ports.out, this.held, () => {
            this.completeStage();
          });
        }
        override onPull(): void {
          // Demand is met at the end, by emitMultiple.
        }
      })(ports),
  );

/** Passes `n` elements on, then completes (cancelling upstream). */
export const classicTake = (n: number): NumberStage =>
  new NumberStage(
    'classicTake',
    (ports) =>
      new (class extends Classic {
        private count = 0;
        onPush(): void {
          this.push(ports.out, this.grab(ports.in));
          if (++this.count === n) this.completeStage();
        }
      })(ports),
  );

/** Maps each element through a promise: its push comes from an async callback. */
export const asyncMap = (f: (x: number) => number): NumberStage =>
  new NumberStage(
    'asyncMap',
    (ports) =>
      new (class extends Classic {
        private inFlight = false;
        private done = false;
        private readonly emitResult = this.getAsyncCallback((y: number) => {
          this.inFlight = false;
          this.push(ports.out, y);
          if (this.done) this.completeStage();
        });
        onPush(): void {
          this.inFlight = true;
          void Promise.resolve(this.grab(ports.in)).then((x) => {
            this.emitResult.invoke(f(x));
          });
        }
        onUpstreamFinish(): void {
          if (this.inFlight) this.done = true;
          else this.completeStage();
        }
      })(ports),
  );

/** Emits each element `delayMs` after it arrived, from a timer; one at a time. */
export const timedEcho = (delayMs: number): NumberStage =>
  new NumberStage(
    'timedEcho',
    (ports) =>
      new (class extends Classic {
        private held: number | undefined = undefined;
        private done = false;
        onPush(): void {
          this.held = this.grab(ports.in);
          this.scheduleOnce('echo', delayMs);
        }
        protected override onTimer(): void {
          this.push(ports.out, this.held as number); // a timer runs only while an element is held
          this.held = undefined;
          if (this.done) this.completeStage();
        }
        override onPull(): void {
          if (!this.done) this.pull(ports.in);
        }
        onUpstreamFinish(): void {
          if (this.held === undefined) this.completeStage();
          else this.done = true;
        }
      })(ports),
  );

/** Breaks the port rules: pushes every element twice. */
export const pushTwice = (): NumberStage =>
  new NumberStage(
    'pushTwice',
    (ports) =>
      new (class extends Classic {
        onPush(): void {
          const x = this.grab(ports.in);
          this.push(ports.out, x);
          this.push(ports.out, x);
        }
      })(ports),
  );

/** What a {@link Lifecycle} stage saw, in order. */
export interface LifecycleLog {
  readonly events: string[];
}

/** Passes elements on and records its lifecycle in its materialized value. */
export class Lifecycle extends GraphStageWithMaterializedValue<Ports, LifecycleLog> {
  readonly shape = new FlowShape(
    new Inlet<number>('lifecycle.in'),
    new Outlet<number>('lifecycle.out'),
  );
  constructor() {
    super('lifecycle');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, LifecycleLog] {
    const log: LifecycleLog = { events: [] };
    const ports = this.shape;
    const logic = new (class extends Classic {
      override preStart(): void {
        log.events.push('preStart');
      }
      onPush(): void {
        const x = this.grab(ports.in);
        log.events.push(`push ${x}`);
        this.push(ports.out, x);
      }
      onUpstreamFinish(): void {
        log.events.push('upstreamFinish');
        this.completeStage();
      }
      onUpstreamFailure(error: unknown): void {
        log.events.push(`upstreamFailure ${String(error)}`);
        this.failStage(error);
      }
      onDownstreamFinish(cause: unknown): void {
        log.events.push('downstreamFinish');
        this.cancelStage(cause);
      }
      override postStop(): void {
        log.events.push('postStop');
      }
    })(ports);
    return [logic, log];
  }
}
