import {
  FusableSink,
  Inlet,
  Materializer,
  NotUsed,
  Sink,
  SinkShape,
  type SinkStep,
  type StepContext,
} from 'sluice';
import { VirtualClock } from 'sluice/testkit';

/** A fusable sink that records what it sees and cancels after `n` elements. */
export class CancelAfter extends FusableSink<number, NotUsed> {
  readonly shape = new SinkShape(new Inlet<number>('cancelAfter.in'));
  constructor(
    readonly n: number,
    readonly seen: number[],
  ) {
    super('cancelAfter');
  }
  createSinkStep(context: StepContext): readonly [SinkStep<number>, NotUsed] {
    const { n, seen } = this;
    const step: SinkStep<number> = {
      onStart() {
        if (n === 0) context.cancelUpstream();
      },
      onElement(x) {
        seen.push(x);
        if (seen.length === n) context.cancelUpstream();
      },
      onComplete() {
        context.cancelUpstream();
      },
      onError() {
        // nothing to settle
      },
    };
    return [step, NotUsed];
  }
}

/** A fusable sink that records how it ended: `complete`, `error: <message>` or `stop`. */
export class EndRecorder extends FusableSink<number, NotUsed> {
  readonly shape = new SinkShape(new Inlet<number>('endRecorder.in'));
  constructor(readonly ends: string[]) {
    super('endRecorder');
  }
  createSinkStep(context: StepContext): readonly [SinkStep<number>, NotUsed] {
    const ends = this.ends;
    const step: SinkStep<number> = {
      onElement() {
        // only the end counts
      },
      onComplete() {
        ends.push('complete');
        context.cancelUpstream();
      },
      onError(error) {
        ends.push(`error: ${(error as Error).message}`);
      },
      onStop() {
        ends.push('stop');
      },
    };
    return [step, NotUsed];
  }
}

/** A materializer on a virtual clock whose error log lines (`message: error`) land in `lines`. */
export function loggingMaterializer(): { mat: Materializer; lines: string[] } {
  const lines: string[] = [];
  const mat = new Materializer({
    clock: new VirtualClock(),
    log: {
      debug: () => undefined,
      error: (message, error) => lines.push(`${message}: ${String(error)}`),
    },
  });
  return { mat, lines };
}

/** `Sink.foreach` that records each element in `seen` and throws `message` at `failAt`. */
export function failingAt(failAt: number, seen: number[], message: string): Sink<number, unknown> {
  return Sink.foreach((x: number) => {
    seen.push(x);
    if (x === failAt) throw new Error(message);
  });
}
