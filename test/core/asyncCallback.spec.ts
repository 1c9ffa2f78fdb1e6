import { afterEach, describe, expect, it } from 'vitest';
import {
  type AsyncCallback,
  GraphStageWithMaterializedValue,
  GraphStageLogic,
  Keep,
  Materializer,
  Outlet,
  type OutHandler,
  Sink,
  Source,
  SourceShape,
  StreamDetachedError,
} from 'sluice';
import { assertAllStagesStopped, TestSink } from 'sluice/testkit';
import { lookup } from '../../examples/custom-stages/lookup.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** A source fed from outside through the async callback it materializes. */
class Fed extends GraphStageWithMaterializedValue<SourceShape<number>, AsyncCallback<number>> {
  readonly shape = new SourceShape(new Outlet<number>('fed.out'));
  constructor() {
    super('fed');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, AsyncCallback<number>] {
    const out = this.shape.out;
    const logic = new (class extends GraphStageLogic implements OutHandler {
      readonly feed = this.getAsyncCallback((n: number) => {
        if (n < 0) this.completeStage();
        else this.emit(out, n);
      });
      constructor(shape: SourceShape<number>) {
        super(shape);
        this.setHandler(out, this);
      }
      onPull(): void {
        // Elements arrive through the callback.
      }
    })(this.shape);
    return [logic, logic.feed];
  }
}

describe('async callbacks', () => {
  it('deliver promise results into the stage', async () => {
    const slow = (x: number) =>
      new Promise<number>((resolve) =>
        setImmediate(() => {
          resolve(x * 10);
        }),
      );
    expect(await Source.range(1, 4).via(lookup(slow)).runWith(Sink.seq(), mat)).toEqual([
      10, 20, 30, 40,
    ]);
  });

  it('fail the stage when the promise rejects', async () => {
    const failing = () => Promise.reject(new Error('service down'));
    await expect(Source.single(1).via(lookup(failing)).runWith(Sink.seq(), mat)).rejects.toThrow(
      'service down',
    );
  });

  it('may be invoked from outside, and are ignored once the stage stopped', async () => {
    const [feed, sub] = Source.fromGraph(new Fed())
      .toMat(TestSink.probe<number>(), (a, b) => [a, b] as const)
      .run(mat);
    sub.request(2);
    feed.invoke(1);
    await Promise.resolve().then(() => {
      feed.invoke(2);
    });
    await sub.expectNext(1, 2);
    await feed.invokeWithFeedback(-1);
    await sub.expectComplete();
    feed.invoke(3);
    await expect(feed.invokeWithFeedback(4)).rejects.toBeInstanceOf(StreamDetachedError);
  });

  it('logs an ignored event at debug level and a handler error at error level', async () => {
    const lines: string[] = [];
    const logged = new Materializer({
      log: {
        debug: (message) => lines.push(`debug ${message}`),
        error: (message, error) => lines.push(`error ${message}: ${String(error)}`),
      },
    });
    const [feed, done] = Source.fromGraph(new Fed()).toMat(Sink.ignore(), Keep.both).run(logged);
    feed.invoke(-1);
    await done;
    feed.invoke(1);
    expect(lines).toEqual([
      'debug fed#1: cannot handle an async callback: the stage has stopped; the event is ignored',
    ]);
    const failing = Source.single(1)
      .map(() => {
        throw new Error('bad element');
      })
      .runWith(Sink.ignore(), logged);
    await expect(failing).rejects.toThrow('bad element');
    expect(lines[1]).toMatch(/^error Error in stage .*: Error: bad element$/);
  });
});
