import { afterEach, describe, expect, it } from 'vitest';
import { type Completion, Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSource } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Sink.onComplete', () => {
  it('reports completion once, after consuming every element', async () => {
    const results: Completion[] = [];
    Source.range(1, 5).runWith(
      Sink.onComplete((r) => results.push(r)),
      mat,
    );
    await settle();
    expect(results).toEqual([{ ok: true }]);
  });

  it('reports a failure with its error', async () => {
    const results: Completion[] = [];
    const error = new TE('up');
    Source.failed(error).runWith(
      Sink.onComplete((r) => results.push(r)),
      mat,
    );
    await settle();
    expect(results).toEqual([{ ok: false, error }]);
  });

  it('never backpressures', async () => {
    const pub = TestSource.probe<number>()
      .toMat(
        Sink.onComplete(() => undefined),
        Keep.left,
      )
      .run(mat);
    await pub.expectRequest();
    pub.sendNext(1);
    await pub.expectRequest();
    pub.sendComplete();
    await settle();
  });

  it('refuses a callback that is not a function', () => {
    expect(() => Sink.onComplete(1 as never)).toThrow(
      /Sink.onComplete: callback must be a function/,
    );
  });
});

describe('Sink.cancelled', () => {
  it('cancels upstream at once', async () => {
    const pub = TestSource.probe<number>().toMat(Sink.cancelled(), Keep.left).run(mat);
    await pub.expectCancellation();
    await settle();
  });
});
