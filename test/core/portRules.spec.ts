import { afterEach, describe, expect, it } from 'vitest';
import {
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Keep,
  Materializer,
  Outlet,
  type OutHandler,
  PortMisuseError,
} from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

type Misbehaviour =
  'pushTwice' | 'pullTwice' | 'grabTwice' | 'pushUnpulled' | 'pushFromConstructor';

/** A pass-through stage that breaks one port rule on the first element. */
class Rude extends GraphStage<FlowShape<number, number>> {
  readonly shape = new FlowShape(new Inlet<number>('rude.in'), new Outlet<number>('rude.out'));
  stops = 0;
  constructor(readonly how: Misbehaviour) {
    super('rude');
  }
  createLogic(): GraphStageLogic {
    const shape = this.shape;
    const how = this.how;
    const onStop = () => {
      this.stops++;
    };
    return new (class extends GraphStageLogic implements InHandler, OutHandler {
      constructor() {
        super(shape);
        this.setHandlers(shape.in, shape.out, this);
        if (how === 'pushFromConstructor') this.push(shape.out, 1);
      }
      onPush(): void {
        const x = this.grab(shape.in);
        if (how === 'grabTwice') this.grab(shape.in);
        this.push(shape.out, x);
        if (how === 'pushTwice') this.push(shape.out, x);
        if (how === 'pushUnpulled') this.push(shape.out, x);
      }
      onPull(): void {
        this.pull(shape.in);
        if (how === 'pullTwice') this.pull(shape.in);
      }
      override postStop(): void {
        onStop();
      }
    })();
  }
}

async function misuse(
  how: Misbehaviour,
): Promise<{ error: unknown; cause: unknown; stops: number }> {
  const stage = new Rude(how);
  const [pub, sub] = TestSource.probe<number>()
    .via(Flow.fromGraph(stage))
    .toMat(TestSink.probe<number>(), Keep.both)
    .run(mat);
  sub.request(1);
  // A second pull fails the stage in the same onPull, before its first pull reached upstream:
  // the cancel supersedes that pull, so upstream sees no request, only the cancellation.
  if (how !== 'pullTwice') {
    await pub.expectRequest();
    pub.sendNext(1);
  }
  const error =
    how === 'pushTwice' || how === 'pushUnpulled'
      ? await sub.expectNext(1).then(() => sub.expectError())
      : await sub.expectError();
  const cause = await pub.expectCancellation();
  return { error, cause, stops: stage.stops };
}

describe('port-state rules', () => {
  it('fails a push to a port that was not pulled, naming stage and port', async () => {
    const { error, cause, stops } = await misuse('pushTwice');
    expect(error).toBeInstanceOf(PortMisuseError);
    expect((error as PortMisuseError).message).toBe(
      "rude#2: cannot push to port 'rude.out': it has not been pulled (push twice, or push before pull)",
    );
    expect((error as PortMisuseError).stage).toBe('rude#2');
    expect((error as PortMisuseError).port).toBe('rude.out');
    expect(cause).toBe(error);
    expect(stops).toBe(1);
  });

  it('fails a second pull', async () => {
    const { error } = await misuse('pullTwice');
    expect((error as Error).message).toBe(
      "rude#2: cannot pull port 'rude.in': it is already pulled",
    );
  });

  it('fails a grab with nothing waiting', async () => {
    const { error } = await misuse('grabTwice');
    expect((error as Error).message).toMatch(
      /^rude#2: cannot grab from port 'rude.in': no element is waiting/,
    );
  });

  it('refuses a push from the logic constructor', () => {
    expect(() =>
      TestSource.probe<number>()
        .via(Flow.fromGraph(new Rude('pushFromConstructor')))
        .to(TestSink.probe())
        .run(mat),
    ).toThrow(
      /cannot push from the logic constructor: the stage is not running yet; do it in preStart/,
    );
  });

  it('fails downstream and cancels upstream when a stage fails, leaving nothing open', async () => {
    const boom = new Error('boom');
    const [pub, sub] = TestSource.probe<number>()
      .map((x) => {
        if (x > 1) throw boom;
        return x;
      })
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(2);
    pub.sendNext(1, 2);
    await sub.expectNext(1);
    expect(await sub.expectError()).toBe(boom);
    expect(await pub.expectCancellation()).toBe(boom);
  });

  it('completes downstream after elements already pushed', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .map((x) => x * 2)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(5);
    pub.sendNext(1, 2).sendComplete();
    await sub.expectNext(2, 4);
    await sub.expectComplete();
  });

  it('cancels upstream when downstream cancels', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .map((x) => x)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('propagates back-pressure: no pull reaches upstream without demand', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .map((x) => x)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.request(1);
    expect(await pub.expectRequest()).toBe(1);
    pub.sendComplete();
    await sub.expectComplete();
  });
});
