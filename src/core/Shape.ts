import { Inlet } from './Inlet.js';
import { Outlet } from './Outlet.js';

/**
 * The open ports of a graph: its inlets and outlets, in a fixed order. Each concrete shape can make
 * a copy of itself over fresh ports, which is how a graph builder imports the same blueprint twice.
 */
export abstract class Shape {
  readonly inlets: readonly Inlet<never>[];
  readonly outlets: readonly Outlet<unknown>[];
  protected constructor(inlets: readonly Inlet<never>[], outlets: readonly Outlet<unknown>[]) {
    this.inlets = inlets;
    this.outlets = outlets;
    inlets.forEach((p, i) => (p.id = i));
    outlets.forEach((p, i) => (p.id = i));
  }
  /** A shape of the same kind over the given ports (same order as `inlets` and `outlets`). */
  abstract copyFromPorts(
    inlets: readonly Inlet<never>[],
    outlets: readonly Outlet<unknown>[],
  ): this;
  /** A shape of the same kind over fresh ports with the same names. */
  deepCopy(): this {
    return this.copyFromPorts(
      this.inlets.map((p) => new Inlet(p.name)),
      this.outlets.map((p) => new Outlet(p.name)),
    );
  }
}

/** The shape of a graph with no open ports: ready to run. */
export class ClosedShape extends Shape {
  static readonly instance = new ClosedShape();
  private constructor() {
    super([], []);
  }
  copyFromPorts(): this {
    return this;
  }
}

/** One outlet: a source of elements. */
export class SourceShape<Out> extends Shape {
  constructor(readonly out: Outlet<Out>) {
    super([], [out]);
  }
  copyFromPorts(_ins: readonly Inlet<never>[], outs: readonly Outlet<unknown>[]): this {
    return new SourceShape(outs[0] as Outlet<Out>) as this;
  }
}

/** One inlet: a sink of elements. */
export class SinkShape<In> extends Shape {
  readonly in: Inlet<In>;
  constructor(inlet: Inlet<In>) {
    super([inlet], []);
    this.in = inlet;
  }
  copyFromPorts(ins: readonly Inlet<never>[]): this {
    return new SinkShape(ins[0] as Inlet<In>) as this;
  }
}

/** One inlet and one outlet. */
export class FlowShape<In, Out> extends Shape {
  readonly in: Inlet<In>;
  constructor(
    inlet: Inlet<In>,
    readonly out: Outlet<Out>,
  ) {
    super([inlet], [out]);
    this.in = inlet;
  }
  copyFromPorts(ins: readonly Inlet<never>[], outs: readonly Outlet<unknown>[]): this {
    return new FlowShape(ins[0] as Inlet<In>, outs[0] as Outlet<Out>) as this;
  }
}

/** Two flows in opposite directions, as in a protocol stack. */
export class BidiShape<In1, Out1, In2, Out2> extends Shape {
  constructor(
    readonly in1: Inlet<In1>,
    readonly out1: Outlet<Out1>,
    readonly in2: Inlet<In2>,
    readonly out2: Outlet<Out2>,
  ) {
    super([in1, in2], [out1, out2]);
  }
  copyFromPorts(ins: readonly Inlet<never>[], outs: readonly Outlet<unknown>[]): this {
    return new BidiShape(
      ins[0] as Inlet<In1>,
      outs[0] as Outlet<Out1>,
      ins[1] as Inlet<In2>,
      outs[1] as Outlet<Out2>,
    ) as this;
  }
}

/** Many inlets of one type, one outlet: merge, concat, zipN. */
export class UniformFanInShape<In, Out> extends Shape {
  declare readonly inlets: readonly Inlet<In>[];
  constructor(
    readonly out: Outlet<Out>,
    ins: readonly Inlet<In>[],
  ) {
    super(ins, [out]);
  }
  /** A shape with `n` inlets `<name>.in0` ... and the outlet `<name>.out`. */
  static named<In, Out>(name: string, n: number): UniformFanInShape<In, Out> {
    return new UniformFanInShape(
      new Outlet<Out>(`${name}.out`),
      Array.from({ length: n }, (_, i) => new Inlet<In>(`${name}.in${i}`)),
    );
  }
  /** The inlet at `i`. */
  in(i: number): Inlet<In> {
    const p = this.inlets[i];
    if (p === undefined)
      throw new RangeError(`UniformFanInShape: no inlet ${i}, got ${this.inlets.length} inlets`);
    return p;
  }
  copyFromPorts(ins: readonly Inlet<never>[], outs: readonly Outlet<unknown>[]): this {
    return new UniformFanInShape(outs[0] as Outlet<Out>, ins as Inlet<In>[]) as this;
  }
}

/** One inlet, many outlets of one type: broadcast, balance, partition. */
export class UniformFanOutShape<In, Out> extends Shape {
  declare readonly outlets: readonly Outlet<Out>[];
  readonly in: Inlet<In>;
  constructor(inlet: Inlet<In>, outs: readonly Outlet<Out>[]) {
    super([inlet], outs);
    this.in = inlet;
  }
  /** A shape with the inlet `<name>.in` and `n` outlets `<name>.out0` ... */
  static named<In, Out>(name: string, n: number): UniformFanOutShape<In, Out> {
    return new UniformFanOutShape(
      new Inlet<In>(`${name}.in`),
      Array.from({ length: n }, (_, i) => new Outlet<Out>(`${name}.out${i}`)),
    );
  }
  /** The outlet at `i`. */
  out(i: number): Outlet<Out> {
    const p = this.outlets[i];
    if (p === undefined)
      throw new RangeError(
        `UniformFanOutShape: no outlet ${i}, got ${this.outlets.length} outlets`,
      );
    return p;
  }
  copyFromPorts(ins: readonly Inlet<never>[], outs: readonly Outlet<unknown>[]): this {
    return new UniformFanOutShape(ins[0] as Inlet<In>, outs as Outlet<Out>[]) as this;
  }
}

/** Two inlets of different types, one outlet: zip, zipWith, mergeSorted. */
export class FanInShape2<In0, In1, Out> extends Shape {
  constructor(
    readonly in0: Inlet<In0>,
    readonly in1: Inlet<In1>,
    readonly out: Outlet<Out>,
  ) {
    super([in0, in1], [out]);
  }
  copyFromPorts(ins: readonly Inlet<never>[], outs: readonly Outlet<unknown>[]): this {
    return new FanInShape2(
      ins[0] as Inlet<In0>,
      ins[1] as Inlet<In1>,
      outs[0] as Outlet<Out>,
    ) as this;
  }
}

/** Three inlets of different types, one outlet. */
export class FanInShape3<In0, In1, In2, Out> extends Shape {
  constructor(
    readonly in0: Inlet<In0>,
    readonly in1: Inlet<In1>,
    readonly in2: Inlet<In2>,
    readonly out: Outlet<Out>,
  ) {
    super([in0, in1, in2], [out]);
  }
  copyFromPorts(ins: readonly Inlet<never>[], outs: readonly Outlet<unknown>[]): this {
    return new FanInShape3(
      ins[0] as Inlet<In0>,
      ins[1] as Inlet<In1>,
      ins[2] as Inlet<In2>,
      outs[0] as Outlet<Out>,
    ) as this;
  }
}

/** One inlet, two outlets of different types: unzip, partition into two kinds. */
export class FanOutShape2<In, Out0, Out1> extends Shape {
  readonly in: Inlet<In>;
  constructor(
    inlet: Inlet<In>,
    readonly out0: Outlet<Out0>,
    readonly out1: Outlet<Out1>,
  ) {
    super([inlet], [out0, out1]);
    this.in = inlet;
  }
  copyFromPorts(ins: readonly Inlet<never>[], outs: readonly Outlet<unknown>[]): this {
    return new FanOutShape2(
      ins[0] as Inlet<In>,
      outs[0] as Outlet<Out0>,
      outs[1] as Outlet<Out1>,
    ) as this;
  }
}
