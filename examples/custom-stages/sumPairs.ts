// A fan-in stage with two typed inputs: waits for one element from each side and emits their
// sum; completes when either side completes (as zip does). Wired with GraphDSL.
import { pathToFileURL } from 'node:url';
import {
  FanInShape2,
  GraphDSL,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
  Sink,
  Source,
  SourceShape,
} from 'sluice';

export class SumPairs extends GraphStage<FanInShape2<number, number, number>> {
  readonly shape = new FanInShape2(
    new Inlet<number>('sumPairs.in0'),
    new Inlet<number>('sumPairs.in1'),
    new Outlet<number>('sumPairs.out'),
  );
  constructor() {
    super('sumPairs');
  }
  createLogic(): GraphStageLogic {
    return new SumPairsLogic(this.shape);
  }
}

class SumPairsLogic extends GraphStageLogic implements OutHandler {
  constructor(private readonly ports: FanInShape2<number, number, number>) {
    super(ports);
    const onPush = (): void => {
      this.emitIfBothReady();
    };
    const side: InHandler = { onPush };
    this.setHandler(ports.in0, side);
    this.setHandler(ports.in1, side);
    this.setHandler(ports.out, this);
  }
  private emitIfBothReady(): void {
    const { in0, in1, out } = this.ports;
    if (this.isAvailable(in0) && this.isAvailable(in1)) {
      this.push(out, this.grab(in0) + this.grab(in1));
    }
  }
  onPull(): void {
    this.pull(this.ports.in0);
    this.pull(this.ports.in1);
  }
}

/** Sums two sources pairwise. */
export function sumPairs(
  left: Source<number, unknown>,
  right: Source<number, unknown>,
): Source<number, unknown> {
  return Source.fromGraph(
    GraphDSL.create((b) => {
      const sum = b.add(new SumPairs());
      b.connect(b.add(left).out, sum.in0);
      b.connect(b.add(right).out, sum.in1);
      return new SourceShape(sum.out);
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await sumPairs(Source.range(1, 3), Source.range(10, 30, 10)).runWith(Sink.seq()));
}
