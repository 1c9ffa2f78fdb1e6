import { Flow, Keep, type NotUsed, requireFunction } from '../../core/index.js';
import { identity } from '../flows/identity.js';
import { map } from '../flows/map.js';
import { ContextOps, type WithContext } from './ContextOps.js';

/**
 * A flow of `[element, context]` pairs, from `[In, CtxIn]` to `[Out, CtxOut]`, whose operators see
 * only the element and carry the context along. Start one with {@link FlowWithContext.create}, or
 * wrap a plain flow with `flow.asFlowWithContext(collapse, extract)`; attach it with `via` to a
 * `SourceWithContext` or another `FlowWithContext`. Its operators are those of
 * {@link ContextOps}.
 *
 * @example
 * ```ts
 * const parse = FlowWithContext.create<string, number>().map(Number).filter((n) => n > 0);
 * Source.from(lines).asSourceWithContext((l) => l.length).via(parse).asSource();
 * ```
 */
export class FlowWithContext<In, CtxIn, Out, CtxOut, Mat> extends ContextOps<
  'flow',
  In,
  CtxIn,
  Out,
  CtxOut,
  Mat
> {
  protected readonly label = 'FlowWithContext';

  /** Wraps a flow of pairs; same as {@link FlowWithContext.fromTuples}. */
  constructor(private readonly pairs: Flow<WithContext<In, CtxIn>, WithContext<Out, CtxOut>, Mat>) {
    super();
  }

  /** A FlowWithContext that passes each element with its context unchanged, to chain operators on. */
  static create<In, Ctx>(): FlowWithContext<In, Ctx, In, Ctx, NotUsed> {
    return new FlowWithContext(identity<WithContext<In, Ctx>>());
  }

  /** A FlowWithContext over a flow of `[element, context]` pairs. */
  static fromTuples<In, CtxIn, Out, CtxOut, Mat>(
    flow: Flow<WithContext<In, CtxIn>, WithContext<Out, CtxOut>, Mat>,
  ): FlowWithContext<In, CtxIn, Out, CtxOut, Mat> {
    return new FlowWithContext(flow);
  }

  protected viaPairs<O2, C2>(
    flow: Flow<WithContext<Out, CtxOut>, WithContext<O2, C2>, unknown>,
  ): FlowWithContext<In, CtxIn, O2, C2, Mat> {
    return new FlowWithContext(this.pairs.via(flow));
  }

  /** Back to a flow of `[element, context]` pairs. */
  asFlow(): Flow<WithContext<In, CtxIn>, WithContext<Out, CtxOut>, Mat> {
    return this.pairs;
  }

  /** Transforms the materialized value. */
  mapMaterializedValue<M2>(f: (mat: Mat) => M2): FlowWithContext<In, CtxIn, Out, CtxOut, M2> {
    return new FlowWithContext(this.pairs.mapMaterializedValue(f));
  }
}

/**
 * Turns a plain flow into a `FlowWithContext`: each incoming `[element, context]` pair is collapsed
 * into one element by `collapse`, the flow runs on those, and each element it emits is paired with
 * the context `extract` takes from it (Pekko's `asFlowWithContext(collapse)(extract)`). The flow
 * may emit any number of elements per input; `extract` must be able to recover the context.
 * - Emits when: the flow emits.
 * - Backpressures when: the flow backpressures.
 * - Completes when: the flow completes.
 * - Cancels when: the flow cancels.
 * @throws TypeError if `collapse` or `extract` is not a function.
 * @example
 * ```ts
 * const enrich = Flow.create<Order>().mapAsync(4, lookupCustomer); // Flow<Order, Enriched, NotUsed>
 * enrich.asFlowWithContext((order: Order, offset: number) => ({ ...order, offset }), (e) => e.offset);
 * ```
 */
export function asFlowWithContext<U, CtxU, In, Out, CtxOut, Mat>(
  flow: Flow<In, Out, Mat>,
  collapse: (element: U, context: CtxU) => In,
  extract: (element: Out) => CtxOut,
): FlowWithContext<U, CtxU, Out, CtxOut, Mat> {
  requireFunction('asFlowWithContext', 'collapse', collapse);
  requireFunction('asFlowWithContext', 'extract', extract);
  return new FlowWithContext(
    map(([element, context]: WithContext<U, CtxU>) => collapse(element, context))
      .viaMat(flow, Keep.right)
      .via(map((element: Out): WithContext<Out, CtxOut> => [element, extract(element)])),
  );
}

declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /**
     * A `FlowWithContext` running this flow on `collapse(element, context)` and pairing each output
     * with `extract(output)`; see {@link asFlowWithContext}.
     */
    asFlowWithContext<U, CtxU, CtxOut>(
      collapse: (element: U, context: CtxU) => In,
      extract: (element: Out) => CtxOut,
    ): FlowWithContext<U, CtxU, Out, CtxOut, Mat>;
  }
}
Object.defineProperty(Flow.prototype, 'asFlowWithContext', {
  value: function <U, CtxU, In, Out, CtxOut, Mat>(
    this: Flow<In, Out, Mat>,
    collapse: (element: U, context: CtxU) => In,
    extract: (element: Out) => CtxOut,
  ) {
    return asFlowWithContext(this, collapse, extract);
  },
  writable: true,
  configurable: true,
});
