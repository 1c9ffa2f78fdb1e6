import {
  type Graph,
  type GraphStageLogic,
  type InHandler,
  Source,
  type SourceShape,
  SubSinkInlet,
} from '../../core/index.js';

/**
 * @internal What a stage or step running inner sources (`flatMapMerge`, `switchMap`) hears of
 * each.
 */
export interface InnerSourceOwner<U> {
  innerPushed(sub: SubSinkInlet<U>): void;
  innerFinished(sub: SubSinkInlet<U>): void;
  innerFailed(sub: SubSinkInlet<U>, error: unknown): void;
}

/**
 * @internal Runs `graph` into a fresh sub-inlet of `logic` named `name`, already pulled, whose
 * signals reach `owner` (the logic itself, or a step running in it) with the sub-inlet they came
 * from.
 */
export function runInner<U>(
  owner: InnerSourceOwner<U>,
  logic: GraphStageLogic,
  name: string,
  graph: Graph<SourceShape<U>, unknown>,
): SubSinkInlet<U> {
  const sub = new SubSinkInlet<U>(logic, name);
  sub.setHandler(new InnerHandler(owner, sub));
  sub.pull();
  Source.fromGraph(graph).runWith(sub.sink, logic.materializer);
  return sub;
}

// One per inner source (not per element).
class InnerHandler<U> implements InHandler {
  constructor(
    private readonly owner: InnerSourceOwner<U>,
    private readonly sub: SubSinkInlet<U>,
  ) {}
  onPush(): void {
    this.owner.innerPushed(this.sub);
  }
  onUpstreamFinish(): void {
    this.owner.innerFinished(this.sub);
  }
  onUpstreamFailure(error: unknown): void {
    this.owner.innerFailed(this.sub, error);
  }
}
