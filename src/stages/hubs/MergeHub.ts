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
    return Source.fromGraph(new MergeHubStage<T>(perProducerBufferSize));
  },
} as const;

/** One element on its way from a producer to the hub; the producer gets its credit back later. */
interface Delivery<T> {
  readonly element: T;
  readonly producer: ProducerLogic<T>;
}

class MergeHubStage<T> extends GraphStageWithMaterializedValue<SourceShape<T>, Sink<T, NotUsed>> {
  readonly shape = new SourceShape(new Outlet<T>('mergeHub.out'));
  constructor(readonly perProducerBufferSize: number) {
    super('mergeHub');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Sink<T, NotUsed>] {
    const logic = new MergeHubLogic(this);
    return [logic, Sink.fromGraph(new Producer(logic, this.perProducerBufferSize))];
  }
}

class MergeHubLogic<T> extends GraphStageLogic implements OutHandler {
  readonly onElement: AsyncCallback<Delivery<T>>;
  readonly register: AsyncCallback<ProducerLogic<T>>;
  readonly unregister: AsyncCallback<ProducerLogic<T>>;
  private readonly out: Outlet<T>;
  /** Elements in arrival order; at most `perProducerBufferSize` per producer. */
  private readonly waiting: Delivery<T>[] = [];
  private readonly producers = new Set<ProducerLogic<T>>();
  constructor(stage: MergeHubStage<T>) {
    super(stage.shape);
    this.out = stage.shape.out;
    this.setHandler(this.out, this);
    this.onElement = this.getAsyncCallback((delivery: Delivery<T>) => {
      if (this.isAvailable(this.out) && this.waiting.length === 0) this.emit1(delivery);
      else this.waiting.push(delivery);
    });
    this.register = this.getAsyncCallback((producer: ProducerLogic<T>) => {
      this.producers.add(producer);
    });
    this.unregister = this.getAsyncCallback((producer: ProducerLogic<T>) => {
      this.producers.delete(producer);
    });
  }
  onPull(): void {
    const delivery = this.waiting.shift();
    if (delivery !== undefined) this.emit1(delivery);
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
