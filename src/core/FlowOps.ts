import type { Flow } from './Flow.js';
import type { Source } from './Source.js';

/**
 * What an operator gives back on each DSL that carries the operators, by kind: on a Source, a
 * Source; on a Flow, a Flow with the same input. The operator library adds the SubFlow kinds. The
 * materialized value `Mat` is the one the operator leaves (most keep the receiver's).
 */
export interface ReprOf<In, Out, Mat> {
  readonly source: Source<Out, Mat>;
  readonly flow: Flow<In, Out, Mat>;
}

/** The kinds of DSL that carry the operators: `'source'`, `'flow'`, and the SubFlow kinds. */
export type OpsKind = keyof ReprOf<unknown, unknown, unknown>;

/** The DSL of kind `K` emitting `Out` (with input `In`, for a Flow) and materializing `Mat`. */
export type Repr<K extends OpsKind, In, Out, Mat> = ReprOf<In, Out, Mat>[K];

/**
 * The operators every stream DSL has (`Source`, `Flow`, `SubFlow`), each declared once: an
 * operator's module adds its method here with one `declare module` block, returning
 * `Repr<Kind, In, T, Mat>`, and each DSL extends this interface with its own kind, so none can lack
 * an operator. `In` is the input of a Flow (`never` on a Source); `Out` and `Mat` are the
 * receiver's element and materialized value. The context DSLs (`SourceWithContext`,
 * `FlowWithContext`) are checked against it instead: see `ContextOps`.
 */
// Type parameters are used by the operators' declarations merged into this interface.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
export interface FlowOps<In, Out, Mat, Kind extends OpsKind> {}

/**
 * The operators only a Source or a Flow has, as Akka's `FlowOpsMat`: those that change the
 * materialized value (`watchTermination`) and those that open substreams (`groupBy`,
 * `splitWhen`), which a SubFlow does not nest.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FlowOpsMat<In, Out, Mat, Kind extends 'source' | 'flow'> extends FlowOps<
  In,
  Out,
  Mat,
  Kind
> {}
