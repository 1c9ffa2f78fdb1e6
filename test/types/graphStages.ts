// A type test: a user's own stage goes anywhere a built-in goes (`via`, `to`, `runWith`,
// `GraphDSL`), without `Flow.fromGraph`. Each `@ts-expect-error` line must fail to compile.
import {
  FlowShape,
  GraphDSL,
  GraphStage,
  type GraphStageLogic,
  type NotUsed,
  type RunnableGraph,
  Sink,
  SinkShape,
  Source,
  SourceShape,
  Flow,
} from 'sluice';

declare class Double extends GraphStage<FlowShape<number, number>> {
  readonly shape: FlowShape<number, number>;
  constructor();
  createLogic(): GraphStageLogic;
}
declare class Print extends GraphStage<SinkShape<unknown>> {
  readonly shape: SinkShape<unknown>;
  constructor();
  createLogic(): GraphStageLogic;
}
declare class Ones extends GraphStage<SourceShape<number>> {
  readonly shape: SourceShape<number>;
  constructor();
  createLogic(): GraphStageLogic;
}

declare const numbers: Source<number, NotUsed>;
declare const strings: Source<string, NotUsed>;

numbers.via(new Double()) satisfies Source<number, NotUsed>;
numbers
  .via(new Double())
  .via(new Double())
  .map((x) => x + 1) satisfies Source<number, NotUsed>;
Flow.create<number>().via(new Double()) satisfies Flow<number, number, NotUsed>;
numbers.to(new Print()) satisfies RunnableGraph<NotUsed>;
export const mat: NotUsed = numbers.runWith(new Print());
Flow.create<number>().to(new Print()) satisfies Sink<number, NotUsed>;
Source.fromGraph(new Ones()).via(new Double()) satisfies Source<number, NotUsed>;
GraphDSL.create((b) => {
  const double = b.add(new Double());
  b.connect(b.add(new Ones()).out, double.in);
  return new SourceShape(double.out);
}) satisfies { shape: SourceShape<number> };

// @ts-expect-error a stage of numbers cannot follow a source of strings
strings.via(new Double());
// @ts-expect-error a source stage has no input: it is not a flow
numbers.via(new Ones());
// @ts-expect-error a flow stage is not a sink
numbers.runWith(new Double());
