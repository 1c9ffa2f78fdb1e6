import type { Decider, StepContext, StepSink } from '../../core/index.js';

// The steps of `map` and `filter`. Two rules keep a fused chain of them fast:
// - One class per shape. An unsupervised step has no decider test and no try/catch, so its
//   `onElement` is a few bytecodes and V8 inlines a whole chain of them into the source's loop
//   (TurboFan inlines up to a fixed bytecode budget per loop); the supervised forms are separate.
// - Adjacent steps fuse when they are built, as @most/core fuses its sinks: the chain is built
//   sink first, so a map or filter step sees the unsupervised map or filter step it feeds and
//   takes its place with one step doing both (map∘map, filter∘map, map∘filter, filter∘filter,
//   and map∘filter∘map). An element then crosses one call instead of two or three. Errors keep
//   each stage's own label.

/** The step of `map`: fused with the map or filter step it feeds when both are unsupervised. */
export function mapStep<In, Out>(
  f: (element: In) => Out,
  downstream: StepSink<Out>,
  context: StepContext,
  decider: Decider | undefined,
): StepSink<In> {
  if (decider !== undefined) return new SupervisedMapStep(f, downstream, context, decider);
  if (downstream instanceof MapStep) {
    const next = downstream as MapStep<Out, unknown>;
    return new MapMapStep(f, context, next.f, next.context, next.downstream);
  }
  if (downstream instanceof FilterStep) {
    const next = downstream as FilterStep<Out>;
    return new MapFilterStep(f, context, next.p, next.downstream);
  }
  if (downstream instanceof FilterMapStep) {
    const next = downstream as FilterMapStep<Out, unknown>;
    return new MapFilterMapStep(f, context, next.p, next.f, next.context, next.downstream);
  }
  return new MapStep(f, downstream, context);
}

/** The step of `filter`: fused with the map or filter step it feeds when both are unsupervised. */
export function filterStep<T>(
  p: (element: T) => boolean,
  downstream: StepSink<T>,
  decider: Decider | undefined,
): StepSink<T> {
  if (decider !== undefined) return new SupervisedFilterStep(p, downstream, decider);
  if (downstream instanceof MapStep) {
    const next = downstream as MapStep<T, unknown>;
    return new FilterMapStep(p, next.f, next.context, next.downstream);
  }
  if (downstream instanceof FilterStep) {
    const next = downstream as FilterStep<T>;
    return new FilterFilterStep(p, next.p, next.downstream);
  }
  return new FilterStep(p, downstream);
}

// Fields are read into the fused steps above, so they are public to this file's functions only.
class MapStep<In, Out> implements StepSink<In> {
  constructor(
    readonly f: (element: In) => Out,
    readonly downstream: StepSink<Out>,
    readonly context: StepContext,
  ) {}
  onElement(element: In): void {
    const result = this.f(element);
    if (result === undefined || result === null) throw this.context.illegalElement(result);
    this.downstream.onElement(result);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

// Passing nothing on drops the element: the chain asks upstream for the next one.
class FilterStep<T> implements StepSink<T> {
  constructor(
    readonly p: (element: T) => boolean,
    readonly downstream: StepSink<T>,
  ) {}
  onElement(element: T): void {
    if (this.p(element)) this.downstream.onElement(element);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

class MapMapStep<A, B, C> implements StepSink<A> {
  constructor(
    private readonly f: (element: A) => B,
    private readonly fContext: StepContext,
    private readonly g: (element: B) => C,
    private readonly gContext: StepContext,
    private readonly downstream: StepSink<C>,
  ) {}
  onElement(element: A): void {
    const b = this.f(element);
    if (b === undefined || b === null) throw this.fContext.illegalElement(b);
    const c = this.g(b);
    if (c === undefined || c === null) throw this.gContext.illegalElement(c);
    this.downstream.onElement(c);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

class MapFilterStep<In, Out> implements StepSink<In> {
  constructor(
    private readonly f: (element: In) => Out,
    private readonly context: StepContext,
    private readonly p: (element: Out) => boolean,
    private readonly downstream: StepSink<Out>,
  ) {}
  onElement(element: In): void {
    const result = this.f(element);
    if (result === undefined || result === null) throw this.context.illegalElement(result);
    if (this.p(result)) this.downstream.onElement(result);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

class FilterMapStep<In, Out> implements StepSink<In> {
  constructor(
    readonly p: (element: In) => boolean,
    readonly f: (element: In) => Out,
    readonly context: StepContext,
    readonly downstream: StepSink<Out>,
  ) {}
  onElement(element: In): void {
    if (!this.p(element)) return;
    const result = this.f(element);
    if (result === undefined || result === null) throw this.context.illegalElement(result);
    this.downstream.onElement(result);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

// The chain shape (map, filter, map) as one step: a map fused with the filter∘map after it.
class MapFilterMapStep<A, B, C> implements StepSink<A> {
  constructor(
    private readonly f: (element: A) => B,
    private readonly fContext: StepContext,
    private readonly p: (element: B) => boolean,
    private readonly g: (element: B) => C,
    private readonly gContext: StepContext,
    private readonly downstream: StepSink<C>,
  ) {}
  onElement(element: A): void {
    const b = this.f(element);
    if (b === undefined || b === null) throw this.fContext.illegalElement(b);
    if (!this.p(b)) return;
    const c = this.g(b);
    if (c === undefined || c === null) throw this.gContext.illegalElement(c);
    this.downstream.onElement(c);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

class FilterFilterStep<T> implements StepSink<T> {
  constructor(
    private readonly p: (element: T) => boolean,
    private readonly q: (element: T) => boolean,
    private readonly downstream: StepSink<T>,
  ) {}
  onElement(element: T): void {
    if (this.p(element) && this.q(element)) this.downstream.onElement(element);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

// Under `resume` or `restart` an element whose function throws is dropped.
class SupervisedMapStep<In, Out> implements StepSink<In> {
  constructor(
    private readonly f: (element: In) => Out,
    private readonly downstream: StepSink<Out>,
    private readonly context: StepContext,
    private readonly decider: Decider,
  ) {}
  onElement(element: In): void {
    let result: Out;
    try {
      result = this.f(element);
    } catch (error) {
      if (this.decider(error) === 'stop') throw error;
      return;
    }
    if (result === undefined || result === null) throw this.context.illegalElement(result);
    this.downstream.onElement(result);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

class SupervisedFilterStep<T> implements StepSink<T> {
  constructor(
    private readonly p: (element: T) => boolean,
    private readonly downstream: StepSink<T>,
    private readonly decider: Decider,
  ) {}
  onElement(element: T): void {
    let pass: boolean;
    try {
      pass = this.p(element);
    } catch (error) {
      if (this.decider(error) === 'stop') throw error;
      return;
    }
    if (pass) this.downstream.onElement(element);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}
