import {
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  type NotUsed,
  SinkShape,
  type Source,
} from '../../core/index.js';
import {
  type ConsumerHub,
  HubEnd,
  type HubConsumerLogic,
  hubConsumerSource,
} from './HubConsumer.js';

/**
 * @internal The sink stage of a fan-out hub (BroadcastHub, PartitionHub): its inlet is
 * `<name>.in`, and each materialization creates the hub's logic and the source its consumers run
 * (`<name>.consumer`), the two sharing one {@link HubEnd}.
 */
export abstract class FanOutHubStage<T> extends GraphStageWithMaterializedValue<
  SinkShape<T>,
  Source<T, NotUsed>
> {
  readonly shape: SinkShape<T>;
  constructor(private readonly hubName: string) {
    super(hubName);
    this.shape = new SinkShape(new Inlet<T>(`${hubName}.in`));
  }
  /** The hub's logic for one materialization; `end` is shared with its consumers. */
  protected abstract createHubLogic(end: HubEnd): FanOutHubLogic<T> & ConsumerHub<T>;
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Source<T, NotUsed>] {
    const end = new HubEnd();
    const logic = this.createHubLogic(end);
    return [logic, hubConsumerSource(this.hubName, logic, end)];
  }
}

/**
 * @internal The logic of a {@link FanOutHubStage}: the handler of its inlet, it keeps going after
 * upstream ends (until every consumer has drained) and records in the shared {@link HubEnd} that
 * the hub ended, or how it failed, for consumers that join later. The hub decides how elements
 * reach its consumers.
 */
export abstract class FanOutHubLogic<T> extends GraphStageLogic implements InHandler {
  protected readonly in: Inlet<T>;
  constructor(
    shape: SinkShape<T>,
    protected readonly end: HubEnd,
  ) {
    super(shape);
    this.in = shape.in;
    this.setHandler(this.in, this);
  }
  override preStart(): void {
    // The hub outlives its upstream until every consumer has drained.
    this.setKeepGoing(true);
  }
  abstract onPush(): void;
  /** Records that the hub failed with `error` and fails each of `consumers` with it. */
  protected failConsumers(error: unknown, consumers: Iterable<HubConsumerLogic<T>>): void {
    this.end.ended = true;
    this.end.failed = true;
    this.end.error = error;
    for (const consumer of consumers) consumer.failWith.invoke(error);
  }
  override postStop(): void {
    this.end.ended = true;
  }
}
