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
  Sink,
  Source,
} from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** Builds a one-in one-out stage from a logic body, for API tests. */
function stage<T>(
  name: string,
  body: (logic: GraphStageLogic, shape: FlowShape<T, T>) => void,
): Flow<T, T, unknown> {
  class Probe extends GraphStage<FlowShape<T, T>> {
    readonly shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<T>(`${name}.out`));
    constructor() {
      super(name);
    }
    createLogic(): GraphStageLogic {
      const logic = new GraphStageLogic(this.shape);
      body(logic, this.shape);
      return logic;
    }
  }
  return Flow.fromGraph(new Probe());
}

describe('GraphStageLogic', () => {
  it('reads pairs with read() and emits their sums', async () => {
    const pairs = stage<number>('pairs', (logic, { in: inlet, out }) => {
      const readPair = (): void => {
        logic.read(
          inlet,
          (a) => {
            logic.read(
              inlet,
              (b) => {
                logic.emit(out, a + b, readPair);
              },
              () => {
                logic.completeStage();
              },
            );
          },
          () => {
            logic.completeStage();
          },
        );
      };
      logic.setHandler(inlet, { onPush: () => undefined });
      logic.setHandler(out, { onPull: () => undefined });
      logic.preStart = readPair;
    });
    expect(await Source.range(1, 6).via(pairs).runWith(Sink.seq(), mat)).toEqual([3, 7, 11]);
  });

  it('forwards with passAlong and completes with upstream', async () => {
    const along = stage<number>('along', (logic, { in: inlet, out }) => {
      logic.setHandler(out, {
        onPull: () => {
          logic.tryPull(inlet);
        },
      });
      logic.setHandler(inlet, { onPush: () => undefined });
      logic.preStart = () => {
        logic.passAlong(inlet, out);
      };
    });
    expect(await Source.range(1, 4).via(along).runWith(Sink.seq(), mat)).toEqual([1, 2, 3, 4]);
  });

  it('keeps going after its ports closed until it completes itself', async () => {
    const events: string[] = [];
    let finish: (() => void) | undefined;
    const lingering = stage<number>('lingering', (logic, { in: inlet, out }) => {
      const callback = logic.getAsyncCallback(() => {
        events.push('late event handled');
        logic.completeStage();
      });
      logic.setHandlers(inlet, out, {
        onPush: () => {
          logic.push(out, logic.grab(inlet));
        },
        onPull: () => {
          logic.pull(inlet);
        },
        onDownstreamFinish: () => {
          logic.cancel(inlet);
        },
      } satisfies InHandler & OutHandler);
      logic.preStart = () => {
        logic.setKeepGoing(true);
        finish = () => {
          callback.invoke(undefined);
        };
      };
      logic.postStop = () => {
        events.push('postStop');
      };
    });
    const sub = Source.repeat(1).via(lingering).runWith(TestSink.probe<number>(), mat);
    sub.request(1);
    await sub.expectNext(1);
    sub.cancel();
    await sub.expectNoMessage(0);
    expect(mat.runningIslands).toBe(1);
    finish?.();
    expect(events).toEqual(['late event handled', 'postStop']);
  });

  it('completes after pending emits when completeStage is called', async () => {
    const burst = stage<number>('burst', (logic, { in: inlet, out }) => {
      logic.setHandlers(inlet, out, {
        onPush: () => {
          logic.emitMultiple(out, [1, 2, 3]);
          logic.completeStage();
        },
        onPull: () => {
          logic.tryPull(inlet);
        },
      } satisfies InHandler & OutHandler);
    });
    const [pub, sub] = TestSource.probe<number>()
      .via(burst)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(0);
    await sub.expectNext(1);
    await pub.expectCancellation();
    sub.request(2);
    await sub.expectNext(2, 3);
    await sub.expectComplete();
  });

  it('fails a pull on a closed port and a push on a completed port', async () => {
    const pullClosed = stage<number>('pullClosed', (logic, { in: inlet, out }) => {
      logic.setHandlers(inlet, out, {
        onPush: () => undefined,
        onPull: () => {
          logic.cancel(inlet);
          logic.pull(inlet);
        },
      } satisfies InHandler & OutHandler);
    });
    await expect(Source.single(1).via(pullClosed).runWith(Sink.seq(), mat)).rejects.toThrow(
      "pullClosed#2: cannot pull port 'pullClosed.in': it is closed",
    );
    const pushClosed = stage<number>('pushClosed', (logic, { in: inlet, out }) => {
      logic.setHandlers(inlet, out, {
        onPush: () => undefined,
        onPull: () => {
          logic.complete(out);
          logic.push(out, 1);
        },
      } satisfies InHandler & OutHandler);
    });
    const sub = Source.single(1).via(pushClosed).runWith(TestSink.probe<number>(), mat);
    sub.request(1);
    await sub.expectComplete();
  });

  it('refuses timers and keep-going from the constructor', () => {
    const early = stage<number>('early', (logic, { in: inlet, out }) => {
      logic.setHandlers(inlet, out, {
        onPush: () => undefined,
        onPull: () => undefined,
      } satisfies InHandler & OutHandler);
      logic.setKeepGoing(true);
    });
    expect(() => Source.single(1).via(early).runWith(Sink.ignore(), mat)).toThrow(PortMisuseError);
  });
});
