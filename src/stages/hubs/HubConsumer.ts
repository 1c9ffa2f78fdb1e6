import {
  type AsyncCallback,
  GraphStage,
  GraphStageLogic,
  type NotUsed,
  Outlet,
  type OutHandler,
  Source,
  SourceShape,
} from '../../core/index.js';

/** @internal How a hub ended, kept outside its logic so consumers that come late can read it. */
export class HubEnd {
  ended = false;
  failed = false;
  error: unknown = undefined;
}

/** @internal The callbacks of a fan-out hub (BroadcastHub, PartitionHub) its consumers call. */
export interface ConsumerHub<T> {
  readonly register: AsyncCallback<HubConsumerLogic<T>>;
  readonly request: AsyncCallback<HubConsumerLogic<T>>;
  readonly unregister: AsyncCallback<HubConsumerLogic<T>>;
}

/** @internal The source a fan-out hub materializes: each materialization is one consumer. */
export function hubConsumerSource<T>(
  name: string,
  hub: ConsumerHub<T>,
  end: HubEnd,
): Source<T, NotUsed> {
  return Source.fromGraph(new HubConsumer(name, hub, end));
}

class HubConsumer<T> extends GraphStage<SourceShape<T>> {
  readonly shape: SourceShape<T>;
  constructor(
    name: string,
    readonly hub: ConsumerHub<T>,
    readonly end: HubEnd,
  ) {
    super(`${name}.consumer`);
    this.shape = new SourceShape(new Outlet<T>(`${name}.consumer.out`));
  }
  createLogic(): GraphStageLogic {
    return new HubConsumerLogic(this);
  }
}

/**
 * @internal One consumer of a fan-out hub. It asks the hub for one element per pull; the hub
 * answers through `deliver`, `finish` or `failWith`. Fields the hub reads and writes (`offset`,
 * `waiting`, `queue`) live here so the hub needs no map from consumer to state.
 */
export class HubConsumerLogic<T> extends GraphStageLogic implements OutHandler {
  /** BroadcastHub: the sequence number of the next element for this consumer. */
  offset = 0;
  /** Whether this consumer asked and got nothing yet. */
  waiting = false;
  /** PartitionHub: the elements routed to this consumer and not yet delivered. */
  readonly queue: T[] = [];
  readonly deliver: AsyncCallback<T>;
  readonly finish: AsyncCallback<undefined>;
  readonly failWith: AsyncCallback<unknown>;
  private readonly late: AsyncCallback<undefined>;
  constructor(private readonly stage: HubConsumer<T>) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
    this.deliver = this.getAsyncCallback((element: T) => {
      this.push(this.stage.shape.out, element);
    });
    this.finish = this.getAsyncCallback(() => {
      this.completeStage();
    });
    this.failWith = this.getAsyncCallback((error: unknown) => {
      this.failStage(error);
    });
    // The hub stopped before this consumer registered: end the way it ended.
    this.late = this.getAsyncCallback(() => {
      const end = this.stage.end;
      if (end.failed) this.failStage(end.error);
      else this.completeStage();
    });
  }
  override preStart(): void {
    this.stage.hub.register.invokeWithFeedback(this).catch(() => {
      this.late.invoke(undefined);
    });
  }
  onPull(): void {
    this.stage.hub.request.invoke(this);
  }
  override postStop(): void {
    // Ignored by a hub that has stopped.
    this.stage.hub.unregister.invoke(this);
  }
}
