import { afterEach, describe, expect, it } from 'vitest';
import {
  Flow,
  FlowShape,
  FusableFlow,
  Inlet,
  Keep,
  Materializer,
  Outlet,
  Sink,
  Source,
  type StepSink,
} from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';

const mat = new Materializer({ eventsPerYield: 64 });
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** Passes elements on and emits `'end'` when upstream completes: a step that emits at the end. */
class TagEnd extends FusableFlow<string, string> {
  readonly shape = new FlowShape(new Inlet<string>('tagEnd.in'), new Outlet<string>('tagEnd.out'));
  constructor() {
    super('tagEnd');
  }
  createStep(downstream: StepSink<string>): StepSink<string> {
    return {
      onElement: (x) => {
        downstream.onElement(x);
      },
      onComplete: () => {
        downstream.onElement('end');
        downstream.onComplete();
      },
    };
  }
}
const tagEnd = (): Flow<string, string, unknown> => Flow.fromGraph(new TagEnd());
const twice = (x: string): string[] => [x, x];

describe('expansions in a fused chain', () => {
  it('hold back the source completion until the expansion its last element started is done', async () => {
    const out = await Source.from(['a']).via(tagEnd()).mapConcat(twice).runWith(Sink.seq(), mat);
    expect(out).toEqual(['a', 'a', 'end', 'end']);
  });

  it('hold back an upstream completion that arrives while an expansion runs', async () => {
    const [pub, sub] = TestSource.probe<string>()
      .via(tagEnd())
      .mapConcat(twice)
      .toMat(TestSink.probe<string>(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext('a');
    pub.sendComplete();
    await sub.expectNext('a');
    sub.request(10);
    await sub.expectNext('a', 'end', 'end');
    await sub.expectComplete();
  });

  it('hold back the completion of an inner source run by flatMapConcat the same way', async () => {
    const out = await Source.from([1, 2])
      .flatMapConcat((i) =>
        Source.from([`x${i}`])
          .via(tagEnd())
          .mapConcat(twice),
      )
      .runWith(Sink.seq(), mat);
    expect(out).toEqual(['x1', 'x1', 'end', 'end', 'x2', 'x2', 'end', 'end']);
  });

  it('keep order across three nested levels with one element per pull', async () => {
    const sub = Source.from([1, 2])
      .flatMapConcat((i) => Source.from([i, i * 10]).mapConcat((x) => [x, -x]))
      .mapConcat((x) => [x, x])
      .runWith(TestSink.probe<number>(), mat);
    sub.request(3);
    await sub.expectNext(1, 1, -1);
    sub.request(100);
    await sub.expectNext(-1, 10, 10, -10, -10, 2, 2, -2, -2, 20, 20, -20, -20);
    await sub.expectComplete();
  });
});

describe('the end of a fused stream', () => {
  it('needs no extra pull when an inner source ends with an expansion its last element started', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .flatMapConcat((x) => Source.from([x]).mapConcat((y) => [y, y]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(2);
    await pub.expectRequest();
    pub.sendNext(1);
    pub.sendComplete();
    await sub.expectNext(1, 1);
    await sub.expectComplete();
  });
});
