import {
  type AsyncCallback,
  type Clock,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  Sink,
  SinkShape,
} from '../core/index.js';
import {
  equal,
  inspect,
  ProbeAssertionError,
  type ProbeEvent,
  ProbeEvents,
} from './ProbeEvents.js';
import { settle } from './settle.js';
import { VirtualClock } from './VirtualClock.js';

/**
 * The subscriber end of a test: request elements, then assert what arrived. Expectations are
 * async: they wait (with a real-time watchdog) for the next event. Expecting an element that was
 * never requested fails at once, since no element can arrive without demand.
 */
export class TestSinkProbe<T> {
  /** @internal */ readonly events = new ProbeEvents<T>('TestSink');
  /** @internal */ logic: TestSinkLogic<T> | undefined = undefined;
  /** Elements requested so far, counted when `request` is called. */
  private requested = 0;
  /** @internal Elements that arrived so far. */
  received = 0;

  /** Signals demand for `n` more elements. */
  request(n: number): this {
    this.requireLogic().requestMore.invoke(n);
    this.requested += n;
    return this;
  }

  /** Cancels the stream from downstream. */
  cancel(cause?: unknown): this {
    this.requireLogic().cancelNow.invoke(cause);
    return this;
  }

  /** Requests one element and expects it (or any element when `value` is omitted); returns it. */
  async requestNext(value?: T): Promise<T> {
    this.request(1);
    return value === undefined ? this.expectNextAny() : this.expectNext(value).then(() => value);
  }

  /** Expects the given elements, in order. */
  async expectNext(...values: T[]): Promise<this> {
    for (const value of values) {
      const event = await this.nextElement(`element ${inspect(value)}`);
      if (event.kind !== 'next' || !equal(event.value, value))
        throw this.events.fail(`element ${inspect(value)}`, event);
    }
    return this;
  }

  /** Expects one element, whatever it is; returns it. */
  async expectNextAny(): Promise<T> {
    const event = await this.nextElement('an element');
    if (event.kind !== 'next') throw this.events.fail('an element', event);
    return event.value;
  }

  /** Expects `n` elements, or exactly the given ones; returns them. */
  async expectNextN(n: number | readonly T[]): Promise<T[]> {
    const count = typeof n === 'number' ? n : n.length;
    const got: T[] = [];
    for (let i = 0; i < count; i++) got.push(await this.expectNextAny());
    if (typeof n !== 'number' && !equal(got, n)) {
      throw new ProbeAssertionError(
        `TestSink: expected elements ${inspect(n)}, got ${inspect(got)}`,
      );
    }
    return got;
  }

  /** Expects the given elements in any order. */
  async expectNextUnordered(...values: T[]): Promise<this> {
    const got = await this.expectNextN(values.length);
    const remaining = [...got];
    for (const value of values) {
      const i = remaining.findIndex((g) => equal(g, value));
      if (i < 0)
        throw new ProbeAssertionError(
          `TestSink: expected elements ${inspect(values)} in any order, got ${inspect(got)}`,
        );
      remaining.splice(i, 1);
    }
    return this;
  }

  /** Expects the stream to complete. */
  async expectComplete(): Promise<this> {
    const event = await this.events.next('completion');
    if (event.kind !== 'complete') throw this.events.fail('completion', event);
    return this;
  }

  /** Expects the stream to fail; returns the error. Pass an error to check it is that very one. */
  async expectError(expected?: unknown): Promise<unknown> {
    const event = await this.events.next('an error');
    if (event.kind !== 'error') throw this.events.fail('an error', event);
    if (expected !== undefined && event.error !== expected) {
      throw new ProbeAssertionError(
        `TestSink: expected error ${inspect(expected)}, got ${inspect(event.error)}`,
      );
    }
    return event.error;
  }

  /**
   * Expects nothing to arrive for `ms`: on a virtual clock it advances the clock by `ms`; on real
   * time it only lets pending callbacks run (it never sleeps).
   */
  async expectNoMessage(ms = 100): Promise<this> {
    await settle();
    const clock = this.clock();
    if (clock instanceof VirtualClock) {
      clock.advance(ms);
      await settle();
    }
    const pending = this.events.pending[0];
    if (pending !== undefined) throw this.events.fail(`no message for ${ms} ms`, pending);
    return this;
  }

  /** Requests everything and expects completion; returns all elements. */
  async toStrict(): Promise<T[]> {
    this.request(Number.MAX_SAFE_INTEGER);
    const got: T[] = [];
    for (;;) {
      const event = await this.events.next('an element or completion');
      if (event.kind === 'complete') return got;
      if (event.kind !== 'next') throw this.events.fail('an element or completion', event);
      got.push(event.value);
    }
  }

  /**
   * The next event, for an expectation of an element. With nothing waiting and no demand left, no
   * element can come: fail now instead of waiting out the watchdog.
   */
  private async nextElement(expectation: string): Promise<ProbeEvent<T>> {
    if (this.events.pending.length === 0 && this.received >= this.requested) {
      throw new ProbeAssertionError(
        this.requested === 0
          ? `TestSink: expected ${expectation}, but nothing was requested; call request(n) first`
          : `TestSink: expected ${expectation}, but all ${this.requested} requested elements have arrived; call request(n) for more`,
      );
    }
    return this.events.next(expectation);
  }

  private clock(): Clock | undefined {
    return this.logic?.materializerClock();
  }

  private requireLogic(): TestSinkLogic<T> {
    if (this.logic === undefined)
      throw new ProbeAssertionError('TestSink: the probe has not been materialized');
    return this.logic;
  }
}

class TestSinkStage<T> extends GraphStageWithMaterializedValue<SinkShape<T>, TestSinkProbe<T>> {
  readonly shape = new SinkShape(new Inlet<T>('testSink.in'));
  constructor() {
    super('testSink');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, TestSinkProbe<T>] {
    const probe = new TestSinkProbe<T>();
    const logic = new TestSinkLogic(this.shape, probe);
    probe.logic = logic;
    return [logic, probe];
  }
}

/** @internal */
export class TestSinkLogic<T> extends GraphStageLogic implements InHandler {
  private demand = 0;
  readonly requestMore: AsyncCallback<number>;
  readonly cancelNow: AsyncCallback<unknown>;
  constructor(
    private readonly ports: SinkShape<T>,
    private readonly probe: TestSinkProbe<T>,
  ) {
    super(ports);
    this.setHandler(ports.in, this);
    this.requestMore = this.getAsyncCallback((n: number) => {
      this.demand += n;
      this.tryPull(this.ports.in);
    });
    this.cancelNow = this.getAsyncCallback((cause: unknown) => {
      if (cause === undefined) this.cancel(this.ports.in);
      else this.cancel(this.ports.in, cause);
    });
  }
  materializerClock(): Clock | undefined {
    return this.rt.interpreter?.materializer.clock;
  }
  onPush(): void {
    this.probe.received++;
    this.probe.events.add({ kind: 'next', value: this.grab(this.ports.in) });
    if (--this.demand > 0) this.pull(this.ports.in);
  }
  onUpstreamFinish(): void {
    this.probe.events.add({ kind: 'complete' });
    this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.probe.events.add({ kind: 'error', error });
    this.failStage(error);
  }
}

/** Probes that stand in for a real sink in tests, as in Akka's stream testkit. */
export const TestSink = {
  /** A sink that materializes a {@link TestSinkProbe}. */
  probe<T>(): Sink<T, TestSinkProbe<T>> {
    return Sink.fromGraph(new TestSinkStage<T>());
  },
} as const;
