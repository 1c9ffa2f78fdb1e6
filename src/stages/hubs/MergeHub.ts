import {
  type AsyncCallback,
  GraphStage,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requirePositiveInt,
  Sink,
  SinkShape,
  Source,
  SourceShape,
} from '../../core/index.js';

/**
 * A dynamic fan-in: a source that materializes a Sink, which any number of producers can
 * materialize; their elements are merged first come, first served. Each producer has at most
 * `perProducerBufferSize` elements in flight, so a slow consumer backpressures every producer
 * and the hub holds at most that many elements per producer.
 * - Emits when: some producer's element is waiting and downstream pulls.
 * - Backpressures when: (each producer) `perProducerBufferSize` of its elements wait.
 * - Completes when: never on its own (producers come and go); cancelling it cancels every
 *   producer, and producers that join later are cancelled at once.
 *
 * @example
 * ```ts
 * const [toHub, done] = MergeHub.source<string>(16).toMat(Sink.foreach(log), Keep.both).run();
 * Source.single('a').runWith(toHub); Source.single('b').runWith(toHub);
 * ```
 */
export const MergeHub = {
  /**
   * The hub's source.
   * @throws RangeError if `perProducerBufferSize` is not a positive integer.
   */
  source<T>(perProducerBufferSize = 16): Source<T, Sink<T, NotUsed>> {
    requirePositiveInt('MergeHub.source', 'perProducerBufferSize', perProducerBufferSize);
    return Source.fromGraph(
      new MergeHubStage<T, Sink<T, NotUsed>>(perProducerBufferSize, sinkOnly),
    );
  },

  /**
   * The hub's source, also materializing a {@link DrainingControl}: after `drainAndComplete()`,
   * producers that join are cancelled at once, and the hub completes once every producer that
   * had joined has finished and their elements went out.
   * - Completes when: `drainAndComplete()` was called, every producer that had joined completed
   *   (or failed) and no element waits; cancelling it cancels every producer, as with `source`.
   * @throws RangeError if `perProducerBufferSize` is not a positive integer.
   */
  sourceWithDraining<T>(
    perProducerBufferSize = 16,
  ): Source<T, readonly [Sink<T, NotUsed>, DrainingControl]> {
    requirePositiveInt(
      'MergeHub.sourceWithDraining',
      'perProducerBufferSize',
      perProducerBufferSize,
    );
    return Source.fromGraph(
      new MergeHubStage<T, readonly [Sink<T, NotUsed>, DrainingControl]>(
        perProducerBufferSize,
        withDrainingControl,
      ),
    );
  },
} as const;

/** Ends a `MergeHub.sourceWithDraining` hub gracefully. */
export interface DrainingControl {
  /**
   * Cancels producers that join from now on and completes the hub once the producers that had
   * joined finished and their elements were emitted. Safe to call more than once, and from
   * outside the stream; a no-op once the hub has stopped.
   */
  drainAndComplete(): void;
}

function sinkOnly<T>(_logic: MergeHubLogic<T>, sink: Sink<T, NotUsed>): Sink<T, NotUsed> {
  return sink;
}

function withDrainingControl<T>(
  logic: MergeHubLogic<T>,
  sink: Sink<T, NotUsed>,
): readonly [Sink<T, NotUsed>, DrainingControl] {
  const drain = logic.drain;
  return [
    sink,
    {
      drainAndComplete() {
        drain.invoke(undefined);
      },
    },
  ];
}

/** One element on its way from a producer to the hub; the producer gets its credit back later. */
interface Delivery<T> {
  readonly element: T;
  readonly producer: ProducerLogic<T>;
}

class MergeHubStage<T, M> extends GraphStageWithMaterializedValue<SourceShape<T>, M> {
  readonly shape = new SourceShape(new Outlet<T>('mergeHub.out'));
  constructor(
    readonly perProducerBufferSize: number,
    /** Builds the materialized value from the producers' sink: `source` or `sourceWithDraining`. */
    private readonly matOf: (logic: MergeHubLogic<T>, sink: Sink<T, NotUsed>) => M,
  ) {
    super('mergeHub');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, M] {
    const logic = new MergeHubLogic<T>(this.shape);
    const sink = Sink.fromGraph(new Producer(logic, this.perProducerBufferSize));
    return [logic, this.matOf(logic, sink)];
  }
}

class MergeHubLogic<T> extends GraphStageLogic implements OutHandler {
  readonly onElement: AsyncCallback<Delivery<T>>;
  readonly register: AsyncCallback<ProducerLogic<T>>;
  readonly unregister: AsyncCallback<ProducerLogic<T>>;
  /** What `DrainingControl.drainAndComplete` invokes. */
  readonly drain: AsyncCallback<undefined>;
  private readonly out: Outlet<T>;
  /** Elements in arrival order; at most `perProducerBufferSize` per producer. */
  private readonly waiting: Delivery<T>[] = [];
  private readonly producers = new Set<ProducerLogic<T>>();
  /** Set by `drainAndComplete`: joining producers are refused, and the hub completes when idle. */
  private draining = false;
  constructor(shape: SourceShape<T>) {
    super(shape);
    this.out = shape.out;
    this.setHandler(this.out, this);
    this.onElement = this.getAsyncCallback((delivery: Delivery<T>) => {
      // A producer refused while draining may have sent elements before it learnt so: drop them.
      if (this.draining && !this.producers.has(delivery.producer)) return;
      if (this.isAvailable(this.out) && this.waiting.length === 0) this.emit1(delivery);
      else this.waiting.push(delivery);
    });
    this.register = this.getAsyncCallback((producer: ProducerLogic<T>) => {
      if (this.draining) producer.cancelNow.invoke(undefined);
      else this.producers.add(producer);
    });
    this.unregister = this.getAsyncCallback((producer: ProducerLogic<T>) => {
      this.producers.delete(producer);
      if (this.draining) this.completeIfDrained();
    });
    this.drain = this.getAsyncCallback(() => {
      this.draining = true;
      this.completeIfDrained();
    });
  }
  onPull(): void {
    const delivery = this.waiting.shift();
    if (delivery !== undefined) this.emit1(delivery);
    if (this.draining) this.completeIfDrained();
  }
  /** Completes a draining hub once no producer is left and every element went out. */
  private completeIfDrained(): void {
    if (this.producers.size === 0 && this.waiting.length === 0) this.completeStage();
  }
  override postStop(): void {
    for (const producer of this.producers) producer.cancelNow.invoke(undefined);
    this.producers.clear();
  }
  private emit1(delivery: Delivery<T>): void {
    this.push(this.out, delivery.element);
    delivery.producer.credit.invoke(undefined);
  }
}

class Producer<T> extends GraphStage<SinkShape<T>> {
  readonly shape = new SinkShape(new Inlet<T>('mergeHub.producer.in'));
  constructor(
    readonly hub: MergeHubLogic<T>,
    readonly perProducerBufferSize: number,
  ) {
    super('mergeHub.producer');
  }
  createLogic(): GraphStageLogic {
    return new ProducerLogic(this);
  }
}

class ProducerLogic<T> extends GraphStageLogic implements InHandler {
  readonly credit: AsyncCallback<undefined>;
  readonly cancelNow: AsyncCallback<undefined>;
  private readonly in: Inlet<T>;
  /** Elements this producer may still send before the hub emitted some of them. */
  private available: number;
  constructor(private readonly stage: Producer<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.available = stage.perProducerBufferSize;
    this.setHandler(this.in, this);
    this.credit = this.getAsyncCallback(() => {
      this.available++;
      if (!this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in);
    });
    this.cancelNow = this.getAsyncCallback(() => {
      this.completeStage();
    });
  }
  override preStart(): void {
    // A hub that has stopped refuses the registration: this producer then cancels.
    this.stage.hub.register.invokeWithFeedback(this).catch(() => {
      this.cancelNow.invoke(undefined);
    });
    this.pull(this.in);
  }
  onPush(): void {
    this.available--;
    this.stage.hub.onElement.invoke({ element: this.grab(this.in), producer: this });
    if (this.available > 0) this.pull(this.in);
  }
  override postStop(): void {
    this.stage.hub.unregister.invoke(this);
  }
}
