// A stage with an async callback: calls an async service for each element, one at a time, and
// re-enters the stage with the answer through getAsyncCallback (never by touching state in a .then).
import { pathToFileURL } from 'node:url';
import {
  type AsyncCallback,
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  Sink,
  Source,
} from 'sluice';

export function lookup<In, Out>(service: (element: In) => Promise<Out>): Flow<In, Out, NotUsed> {
  return Flow.fromGraph(new Lookup(service));
}

class Lookup<In, Out> extends GraphStage<FlowShape<In, Out>> {
  readonly shape = new FlowShape(new Inlet<In>('lookup.in'), new Outlet<Out>('lookup.out'));
  constructor(readonly service: (element: In) => Promise<Out>) {
    super('lookup');
  }
  createLogic(): GraphStageLogic {
    return new LookupLogic(this);
  }
}

type Answer<Out> =
  { readonly ok: true; readonly value: Out } | { readonly ok: false; readonly error: unknown };

class LookupLogic<In, Out> extends GraphStageLogic implements InHandler, OutHandler {
  private inFlight = false;
  private readonly answered: AsyncCallback<Answer<Out>>;
  constructor(private readonly stage: Lookup<In, Out>) {
    super(stage.shape);
    this.setHandlers(stage.shape.in, stage.shape.out, this);
    this.answered = this.getAsyncCallback((answer: Answer<Out>) => {
      this.inFlight = false;
      if (!answer.ok) {
        this.failStage(answer.error);
        return;
      }
      this.push(this.stage.shape.out, answer.value);
      if (this.isClosed(this.stage.shape.in)) this.completeStage();
    });
  }
  onPush(): void {
    this.inFlight = true;
    this.stage.service(this.grab(this.stage.shape.in)).then(
      (value) => {
        this.answered.invoke({ ok: true, value });
      },
      (error: unknown) => {
        this.answered.invoke({ ok: false, error });
      },
    );
  }
  onPull(): void {
    this.pull(this.stage.shape.in);
  }
  onUpstreamFinish(): void {
    // Wait for the answer in flight; the callback completes the stage.
    if (!this.inFlight) this.completeStage();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const users = new Map([
    [1, 'ada'],
    [2, 'grace'],
  ]);
  const find = (id: number) => Promise.resolve(users.get(id) ?? 'unknown');
  console.log(await Source.from([1, 2, 3]).via(lookup(find)).runWith(Sink.seq()));
}
