import { Flow, Sink, Source } from '../core/index.js';

/** Any function returning a flow graph; its precise type lives in the operator's augmentation. */
type FlowFactory = (...args: never[]) => object;

/**
 * Installs an operator as a method of `Source` and `Flow` that composes the operator's flow with
 * `via`, so `source.map(f)` is `source.via(map(f))`. Its types are declared next to the operator,
 * by augmenting the `Source` and `Flow` interfaces. Runs once at import, never per element.
 */
export function addFlowOperator(name: string, factory: FlowFactory): void {
  const method = function (this: { via(flow: unknown): unknown }, ...args: never[]): unknown {
    return this.via(factory(...args));
  };
  for (const target of [Source.prototype, Flow.prototype]) {
    Object.defineProperty(target, name, { value: method, writable: true, configurable: true });
  }
}

/** Installs a static factory on `Source` (`Source.range`, `Source.single`, ...). */
export function addSourceFactory(name: string, factory: (...args: never[]) => unknown): void {
  Object.defineProperty(Source, name, { value: factory, writable: true, configurable: true });
}

/** Installs a static factory on `Sink` (`Sink.seq`, `Sink.fold`, ...). */
export function addSinkFactory(name: string, factory: (...args: never[]) => unknown): void {
  Object.defineProperty(Sink, name, { value: factory, writable: true, configurable: true });
}

/** Installs a static factory on `Flow` (`Flow.create`, ...). */
export function addFlowFactory(name: string, factory: (...args: never[]) => unknown): void {
  Object.defineProperty(Flow, name, { value: factory, writable: true, configurable: true });
}
