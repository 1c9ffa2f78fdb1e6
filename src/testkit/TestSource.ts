import {
  type AsyncCallback,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  Outlet,
  type OutHandler,
  Source,
  SourceShape,
} from '../core/index.js';
import { ProbeEvents } from './ProbeEvents.js';

/**
 * The publisher end of a test: send elements, completion or failure, and assert the demand and
 * cancellation the stream signals upstream.
 */
export class TestSourceProbe<T> {
  /** @internal */ readonly events = new ProbeEvents<never>('TestSource');
  /** @internal */ logic: TestSourceLogic<T> | undefined = undefined;
  /** Pulls seen and not yet answered by `sendNext`. */
  pending = 0;

  /** Sends one element; it is pushed when the stream pulls (it waits in order until then). */
  sendNext(...elements: T[]): this {
    for (const element of elements) this.requireLogic().sendNextCb.invoke(element);
    return this;
  }

  /** Completes the stream (after the elements already sent). */
  sendComplete(): this {
    this.requireLogic().sendCompleteCb.invoke(undefined);
    return this;
  }

  /** Fails the stream. */
  sendError(error: unknown): this {
    this.requireLogic().sendErrorCb.invoke(error);
    return this;
  }

  /** Expects a pull from the stream; returns how many pulls were counted (1). */
  async expectRequest(): Promise<number> {
    const event = await this.events.next('a request');
    if (event.kind !== 'request') throw this.events.fail('a request', event);
    return event.n;
  }

  /** Expects the stream to cancel; returns the cause. */
  async expectCancellation(): Promise<unknown> {
    for (;;) {
      const event = await this.events.next('cancellation');
      if (event.kind === 'request') continue;
      if (event.kind !== 'cancel') throw this.events.fail('cancellation', event);
      return event.cause;
    }
  }

  private requireLogic(): TestSourceLogic<T> {
    if (this.logic === undefined)
      throw new Error('TestSource: the probe has not been materialized');
    return this.logic;
  }
}

class TestSourceStage<T> extends GraphStageWithMaterializedValue<
  SourceShape<T>,
  TestSourceProbe<T>
> {
  readonly shape = new SourceShape(new Outlet<T>('testSource.out'));
  constructor() {
    super('testSource');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, TestSourceProbe<T>] {
    const probe = new TestSourceProbe<T>();
    const logic = new TestSourceLogic(this.shape, probe);
    probe.logic = logic;
    return [logic, probe];
  }
}

/** @internal */
export class TestSourceLogic<T> extends GraphStageLogic implements OutHandler {
  readonly sendNextCb: AsyncCallback<T>;
  readonly sendCompleteCb: AsyncCallback<undefined>;
  readonly sendErrorCb: AsyncCallback<unknown>;
  constructor(
    private readonly ports: SourceShape<T>,
    private readonly probe: TestSourceProbe<T>,
  ) {
    super(ports);
    this.setHandler(ports.out, this);
    this.sendNextCb = this.getAsyncCallback((element: T) => {
      if (this.probe.pending > 0) this.probe.pending--;
      this.emit(this.ports.out, element);
    });
    this.sendCompleteCb = this.getAsyncCallback(() => {
      this.completeStage();
    });
    this.sendErrorCb = this.getAsyncCallback((error: unknown) => {
      this.failStage(error);
    });
  }
  onPull(): void {
    this.probe.pending++;
    this.probe.events.add({ kind: 'request', n: 1 });
  }
  onDownstreamFinish(cause: unknown): void {
    this.probe.events.add({ kind: 'cancel', cause });
    this.completeStage();
  }
}

/** Probes that stand in for a real source in tests, as in Akka's stream testkit. */
export const TestSource = {
  /** A source that materializes a {@link TestSourceProbe}. */
  probe<T>(): Source<T, TestSourceProbe<T>> {
    return Source.fromGraph(new TestSourceStage<T>());
  },
} as const;
