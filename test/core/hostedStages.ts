import {
  Attributes,
  FlowShape,
  GraphStage,
  GraphStageLogic,
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
const ports = (name: string): Ports =>
  new FlowShape(new Inlet<number>(`${name}.in`), new Outlet<number>(`${name}.out`));

/** Passes on the elements `keep` accepts; pulls again for the others. */
export class ClassicFilter extends GraphStage<Ports> {
  readonly shape = ports('classicFilter');
  constructor(readonly keep: (x: number) => boolean) {
    super('classicFilter');
  }
  createLogic(): GraphStageLogic {
    const { in: inlet, out } = this.shape;
    const keep = this.keep;
    return new (class extends GraphStageLogic implements InHandler, OutHandler {
      constructor(shape: Ports) {
        super(shape);
        this.setHandlers(inlet, out, this);
      }
      onPush(): void {
        const x = this.grab(inlet);
        if (keep(x)) this.push(out, x);
        else this.pull(inlet);
      }
      onPull(): void {
        this.pull(inlet);
      }
    })(this.shape);
  }
}

/** Holds every element and emits them all, reversed, once upstream completes. */
export class ReverseAtEnd extends GraphStage<Ports> {
  readonly shape = ports('reverseAtEnd');
  constructor() {
    super('reverseAtEnd');
  }
  createLogic(): GraphStageLogic {
    const { in: inlet, out } = this.shape;
    return new (class extends GraphStageLogic implements InHandler, OutHandler {
      private readonly held: number[] = [];
      constructor(shape: Ports) {
        super(shape);
        this.setHandlers(inlet, out, this);
      }
      override preStart(): void {
        this.pull(inlet);
      }
      onPush(): void {
        this.held.unshift(this.grab(inlet));
        this.pull(inlet);
      }
      onUpstreamFinish(): void {
        this.emitMultiple(out, this.held, () => {
          this.completeStage();
        });
      }
      onPull(): void {
        // Demand is met at the end, by emitMultiple.
      }
    })(this.shape);
  }
}

/** Passes `n` elements on, then completes (cancelling upstream). */
export class ClassicTake extends GraphStage<Ports> {
  readonly shape = ports('classicTake');
  constructor(readonly n: number) {
    super('classicTake');
  }
  createLogic(): GraphStageLogic {
    const { in: inlet, out } = this.shape;
    const n = this.n;
    return new (class extends GraphStageLogic implements InHandler, OutHandler {
      private count = 0;
      constructor(shape: Ports) {
        super(shape);
        this.setHandlers(inlet, out, this);
      }
      onPush(): void {
        this.push(out, this.grab(inlet));
        if (++this.count === n) this.completeStage();
      }
      onPull(): void {
        this.pull(inlet);
      }
    })(this.shape);
  }
}

/** What a {@link Lifecycle} stage saw, in order. */
export interface LifecycleLog {
  readonly events: string[];
}

/** Passes elements on and records its lifecycle in its materialized value. */
export class Lifecycle extends GraphStageWithMaterializedValue<Ports, LifecycleLog> {
  readonly shape = ports('lifecycle');
  constructor() {
    super('lifecycle');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, LifecycleLog] {
    const log: LifecycleLog = { events: [] };
    const { in: inlet, out } = this.shape;
    const logic = new (class extends GraphStageLogic implements InHandler, OutHandler {
      constructor(shape: Ports) {
        super(shape);
        this.setHandlers(inlet, out, this);
      }
      override preStart(): void {
        log.events.push('preStart');
      }
      onPush(): void {
        const x = this.grab(inlet);
        log.events.push(`push ${x}`);
        this.push(out, x);
      }
      onPull(): void {
        this.pull(inlet);
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
    })(this.shape);
    return [logic, log];
  }
}

/** Maps each element through a promise: its push comes from an async callback. */
export class AsyncMap extends GraphStage<Ports> {
  readonly shape = ports('asyncMap');
  constructor(readonly f: (x: number) => number) {
    super('asyncMap');
  }
  createLogic(): GraphStageLogic {
    const { in: inlet, out } = this.shape;
    const f = this.f;
    return new (class extends GraphStageLogic implements InHandler, OutHandler {
      private inFlight = false;
      private done = false;
      private readonly emitResult = this.getAsyncCallback((y: number) => {
        this.inFlight = false;
        this.push(out, y);
        if (this.done) this.completeStage();
      });
      constructor(shape: Ports) {
        super(shape);
        this.setHandlers(inlet, out, this);
      }
      onPush(): void {
        this.inFlight = true;
        void Promise.resolve(this.grab(inlet)).then((x) => {
          this.emitResult.invoke(f(x));
        });
      }
      onPull(): void {
        this.pull(inlet);
      }
      onUpstreamFinish(): void {
        if (this.inFlight) this.done = true;
        else this.completeStage();
      }
    })(this.shape);
  }
}

/** Emits each element `delayMs` after it arrived, from a timer; one at a time. */
export class TimedEcho extends GraphStage<Ports> {
  readonly shape = ports('timedEcho');
  constructor(readonly delayMs: number) {
    super('timedEcho', Attributes.none);
  }
  createLogic(): GraphStageLogic {
    const { in: inlet, out } = this.shape;
    const delayMs = this.delayMs;
    return new (class extends TimerGraphStageLogic implements InHandler, OutHandler {
      private held: number | undefined = undefined;
      private done = false;
      constructor(shape: Ports) {
        super(shape);
        this.setHandlers(inlet, out, this);
      }
      onPush(): void {
        this.held = this.grab(inlet);
        this.scheduleOnce('echo', delayMs);
      }
      protected onTimer(): void {
        this.push(out, this.held as number); // a timer runs only while an element is held
        this.held = undefined;
        if (this.done) this.completeStage();
      }
      onPull(): void {
        if (!this.done) this.pull(inlet);
      }
      onUpstreamFinish(): void {
        if (this.held === undefined) this.completeStage();
        else this.done = true;
      }
    })(this.shape);
  }
}

/** Breaks the port rules: pushes every element twice. */
export class PushTwice extends GraphStage<Ports> {
  readonly shape = ports('pushTwice');
  constructor() {
    super('pushTwice');
  }
  createLogic(): GraphStageLogic {
    const { in: inlet, out } = this.shape;
    return new (class extends GraphStageLogic implements InHandler, OutHandler {
      constructor(shape: Ports) {
        super(shape);
        this.setHandlers(inlet, out, this);
      }
      onPush(): void {
        const x = this.grab(inlet);
        this.push(out, x);
        this.push(out, x);
      }
      onPull(): void {
        this.pull(inlet);
      }
    })(this.shape);
  }
}
