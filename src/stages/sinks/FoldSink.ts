import {
  type Attributes,
  type Decider,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  SinkShape,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { deciderOf } from '../supervision.js';

/**
 * @internal The stage behind the folding sinks (`fold`, `seq`, `foreach`, `ignore`, `last`): it
 * pulls eagerly, folds each element into state made fresh per materialization, and settles its
 * promise with `finish(state)` at completion, or rejects it on failure or abrupt stop.
 */
export class FoldSink<In, Acc, R> extends GraphStageWithMaterializedValue<
  SinkShape<In>,
  Promise<R>
> {
  readonly shape: SinkShape<In>;
  constructor(
    name: string,
    readonly zero: () => Acc,
    readonly f: (acc: Acc, element: In) => Acc,
    readonly finish: (acc: Acc) => R,
  ) {
    super(name);
    this.shape = new SinkShape(new Inlet<In>(`${name}.in`));
  }
  createLogicAndMaterializedValue(attributes: Attributes): readonly [GraphStageLogic, Promise<R>] {
    const result = new Deferred<R>();
    return [new FoldSinkLogic(this, result, deciderOf(attributes)), result.promise];
  }
}

class FoldSinkLogic<In, Acc, R> extends GraphStageLogic implements InHandler {
  private readonly in: Inlet<In>;
  private readonly f: (acc: Acc, element: In) => Acc;
  private acc: Acc;
  constructor(
    private readonly stage: FoldSink<In, Acc, R>,
    private readonly result: Deferred<R>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.f = stage.f;
    this.acc = stage.zero();
    this.setHandler(this.in, this);
  }
  override preStart(): void {
    this.pull(this.in);
  }
  onPush(): void {
    if (this.decider === undefined) {
      this.acc = this.f(this.acc, this.grab(this.in));
    } else {
      try {
        this.acc = this.f(this.acc, this.grab(this.in));
      } catch (error) {
        const directive = this.decider(error);
        if (directive === 'stop') throw error;
        if (directive === 'restart') this.acc = this.stage.zero();
      }
    }
    this.pull(this.in);
  }
  onUpstreamFinish(): void {
    try {
      this.result.resolve(this.stage.finish(this.acc));
    } catch (error) {
      this.result.reject(error);
    }
    this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.result.reject(error);
    this.failStage(error);
  }
  // A failure from inside (a throwing f) or from a materializer shutdown rejects with that cause.
  override failStage(error: unknown): void {
    this.result.reject(error);
    super.failStage(error);
  }
  override postStop(): void {
    this.result.reject(new Error(`${this.label}: the stream stopped before it completed`));
  }
}
