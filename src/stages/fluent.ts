import { Flow, Sink, Source } from '../core/index.js';

/** Any function returning a flow graph; its precise type lives in the operator's augmentation. */
type FlowFactory = (...args: never[]) => object;

/**
 * The prototypes that carry the operators of `FlowOps`: Source's and Flow's, and SubFlow's once
 * its module registers it (it cannot be imported here: it imports operators itself).
 */
const targets: object[] = [Source.prototype, Flow.prototype];

/** Every operator method installed so far, for a target registered later. */
const installed = new Map<string, unknown>();

function define(target: object, name: string, method: unknown): void {
  Object.defineProperty(target, name, { value: method, writable: true, configurable: true });
}

/**
 * Installs an operator as a method of every DSL that carries `FlowOps` (`Source`, `Flow`,
 * `SubFlow`) that composes the operator's flow with `via`, so `source.map(f)` is
 * `source.via(map(f))`. Its types are declared once next to the operator, by augmenting the
 * `FlowOps` interface. Runs once at import, never per element.
 */
export function addFlowOperator(name: string, factory: FlowFactory): void {
  addOperatorMethod(name, function (this: { via(flow: unknown): unknown }, ...args: never[]) {
    return this.via(factory(...args));
  });
}

/**
 * Installs `method` under `name` on every DSL that carries `FlowOps`, for an operator that is not
 * a plain `via` of a flow (`onErrorContinue` sets an attribute).
 */
export function addOperatorMethod(name: string, method: unknown): void {
  installed.set(name, method);
  for (const target of targets) define(target, name, method);
}

/**
 * @internal Makes `prototype` carry every operator of `FlowOps`: those installed so far and those
 * installed later. Its class must have `via`.
 */
export function addOperatorTarget(prototype: object): void {
  targets.push(prototype);
  for (const [name, method] of installed) define(prototype, name, method);
}

/** Installs a static factory on `Source` (`Source.range`, `Source.single`, ...). */
export function addSourceFactory(name: string, factory: (...args: never[]) => unknown): void {
  define(Source, name, factory);
}

/** Installs a static factory on `Sink` (`Sink.seq`, `Sink.fold`, ...). */
export function addSinkFactory(name: string, factory: (...args: never[]) => unknown): void {
  define(Sink, name, factory);
}

/** Installs a static factory on `Flow` (`Flow.create`, ...). */
export function addFlowFactory(name: string, factory: (...args: never[]) => unknown): void {
  define(Flow, name, factory);
}
