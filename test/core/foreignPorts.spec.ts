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

/** Ports of a shape no stage here runs: same ids (0) as the stage's own ports. */
const other = new FlowShape(new Inlet<number>('other.in'), new Outlet<number>('other.out'));

type Misuse =
  | 'pushForeign'
  | 'pushInlet'
  | 'pullForeign'
  | 'pullOutlet'
  | 'grabForeign'
  | 'grabOutlet'
  | 'completeForeign'
  | 'completeInlet'
  | 'failForeign'
  | 'cancelForeign'
  | 'cancelOutlet'
  | 'emitForeign'
  | 'setHandlerForeign';

// The types keep an inlet from standing in for an outlet; plain JavaScript (or a cast) does not.
const asOutlet = (port: Inlet<number>): Outlet<number> => port as unknown as Outlet<number>;
const asInlet = (port: Outlet<number>): Inlet<number> => port as unknown as Inlet<number>;

/** A pass-through stage that uses a wrong port on its first element. */
class Stray extends GraphStage<FlowShape<number, number>> {
  readonly shape = new FlowShape(new Inlet<number>('stray.in'), new Outlet<number>('stray.out'));
  constructor(readonly how: Misuse) {
    super('stray');
  }
  createLogic(): GraphStageLogic {
    return new StrayLogic(this.shape, this.how);
  }
}

class StrayLogic extends GraphStageLogic implements InHandler, OutHandler {
  constructor(
    private readonly ports: FlowShape<number, number>,
    private readonly how: Misuse,
  ) {
    super(ports);
    this.setHandlers(ports.in, ports.out, this);
    if (how === 'setHandlerForeign') this.setHandler(other.out, this);
  }
  onPush(): void {
    const { in: inlet, out } = this.ports;
    switch (this.how) {
      case 'pushForeign':
        this.push(other.out, this.grab(inlet));
        return;
      case 'pushInlet':
        this.push(asOutlet(inlet), this.grab(inlet));
        return;
      case 'grabForeign':
        this.push(out, this.grab(other.in));
        return;
      case 'grabOutlet':
        this.push(out, this.grab(asInlet(out)));
        return;
      case 'completeForeign':
        this.complete(other.out);
        return;
      case 'completeInlet':
        this.complete(asOutlet(inlet));
        return;
      case 'failForeign':
        this.fail(other.out, new Error('not mine'));
        return;
      case 'cancelForeign':
        this.cancel(other.in);
        return;
      case 'cancelOutlet':
        this.cancel(asInlet(out));
        return;
      case 'emitForeign':
        // Downstream has not pulled again, so emit has to wait: it installs a handler.
        this.push(out, this.grab(inlet));
        this.emit(other.out, 2);
        return;
      case 'pullForeign':
      case 'pullOutlet':
      case 'setHandlerForeign':
        this.push(out, this.grab(inlet));
    }
  }
  onPull(): void {
    if (this.how === 'pullForeign') this.pull(other.in);
    else if (this.how === 'pullOutlet') this.pull(asInlet(this.ports.out));
    else this.pull(this.ports.in);
  }
}

/** Runs one misuse; the stage pulls on the first demand and misbehaves on the first element. */
async function run(how: Misuse): Promise<{ error: unknown; cause: unknown }> {
  const [pub, sub] = TestSource.probe<number>()
    .via(Flow.fromGraph(new Stray(how)))
    .toMat(TestSink.probe<number>(), Keep.both)
    .run(mat);
  sub.request(1);
  if (how !== 'pullForeign' && how !== 'pullOutlet') {
    await pub.expectRequest();
    pub.sendNext(1);
  }
  if (how === 'emitForeign') await sub.expectNext(1);
  const error = await sub.expectError();
  const cause = await pub.expectCancellation();
  return { error, cause };
}

function expectMisuse(error: unknown, port: string, message: RegExp): void {
  expect(error).toBeInstanceOf(PortMisuseError);
  expect((error as PortMisuseError).stage).toBe('stray#2');
  expect((error as PortMisuseError).port).toBe(port);
  expect((error as Error).message).toMatch(message);
}

const notOurs =
  'it is not a port of this stage; use the ports of the shape this logic was built with';

describe('ports used by a stage that does not own them', () => {
  it("refuses a push to another shape's outlet with the same index", async () => {
    const { error, cause } = await run('pushForeign');
    expectMisuse(
      error,
      'other.out',
      new RegExp(`^stray#2: cannot push to port 'other.out': ${notOurs}$`),
    );
    expect(cause).toBe(error);
  });

  it("refuses a push to the stage's own inlet instead of ending up on its outlet", async () => {
    const { error } = await run('pushInlet');
    expectMisuse(
      error,
      'stray.in',
      /^stray#2: cannot push to port 'stray.in': it is an inlet of this stage; only an outlet can be pushed to$/,
    );
  });

  it("refuses a pull of another shape's inlet, and of the stage's own outlet", async () => {
    expectMisuse(
      (await run('pullForeign')).error,
      'other.in',
      /cannot pull port 'other.in': it is not a port of this stage/,
    );
    expectMisuse(
      (await run('pullOutlet')).error,
      'stray.out',
      /^stray#2: cannot pull port 'stray.out': it is an outlet of this stage; only an inlet can be pulled$/,
    );
  });

  it('refuses a grab from a foreign inlet or from an outlet', async () => {
    expectMisuse(
      (await run('grabForeign')).error,
      'other.in',
      /cannot grab from port 'other.in': it is not a port of this stage/,
    );
    expectMisuse(
      (await run('grabOutlet')).error,
      'stray.out',
      /cannot grab from port 'stray.out': it is an outlet of this stage/,
    );
  });

  it('refuses complete and fail of a port that is not its own outlet', async () => {
    expectMisuse(
      (await run('completeForeign')).error,
      'other.out',
      /cannot complete port 'other.out': it is not a port/,
    );
    expectMisuse(
      (await run('completeInlet')).error,
      'stray.in',
      /cannot complete port 'stray.in': it is an inlet of this stage; only an outlet can be completed$/,
    );
    expectMisuse(
      (await run('failForeign')).error,
      'other.out',
      /cannot fail port 'other.out': it is not a port/,
    );
  });

  it('refuses a cancel of a port that is not its own inlet', async () => {
    expectMisuse(
      (await run('cancelForeign')).error,
      'other.in',
      /cannot cancel port 'other.in': it is not a port/,
    );
    expectMisuse(
      (await run('cancelOutlet')).error,
      'stray.out',
      /cannot cancel port 'stray.out': it is an outlet of this stage; only an inlet can be cancelled$/,
    );
  });

  it('refuses an emit to a foreign outlet when it would install a handler there', async () => {
    const { error } = await run('emitForeign');
    expectMisuse(error, 'other.out', /cannot set a handler on port 'other.out': it is not a port/);
  });

  it('refuses setHandler with a foreign port in the logic constructor, naming the logic', () => {
    let thrown: unknown;
    try {
      TestSource.probe<number>()
        .via(Flow.fromGraph(new Stray('setHandlerForeign')))
        .to(TestSink.probe())
        .run(mat);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PortMisuseError);
    expect((thrown as PortMisuseError).port).toBe('other.out');
    expect((thrown as Error).message).toBe(
      `StrayLogic: cannot set a handler on port 'other.out': ${notOurs}`,
    );
  });
});
