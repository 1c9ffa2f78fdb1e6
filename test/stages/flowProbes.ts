import { type Flow, Keep, type Materializer } from 'sluice';
import { TestSink, type TestSinkProbe, TestSource, type TestSourceProbe } from 'sluice/testkit';

/** Runs `flow` between a source probe and a sink probe. */
export function flowProbes<In, Out>(
  flow: Flow<In, Out, unknown>,
  mat: Materializer,
): [TestSourceProbe<In>, TestSinkProbe<Out>] {
  return TestSource.probe<In>().via(flow).toMat(TestSink.probe<Out>(), Keep.both).run(mat);
}

/** A stack-less error for tests. */
export class TE extends Error {
  override readonly name = 'TE';
}
