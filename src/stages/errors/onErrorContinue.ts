import { Attributes, type Decider, requireFunction, type Repr } from '../../core/index.js';
import { addOperatorMethod } from '../fluent.js';

const always = (): boolean => true;

/**
 * The decider `onErrorContinue` installs: an error `predicate` accepts is reported to `onError`
 * and resumed (the element is dropped and the stream goes on); any other error stops the stream.
 * When `predicate` or `onError` throws, the stream stops with the original error.
 * @throws TypeError if `predicate` or `onError` is not a function.
 */
export function onErrorContinueDecider(
  predicate: (error: unknown) => boolean,
  onError: (error: unknown) => void,
): Decider {
  requireFunction('onErrorContinue', 'predicate', predicate);
  requireFunction('onErrorContinue', 'onError', onError);
  return (error) => {
    try {
      if (!predicate(error)) return 'stop';
      onError(error);
    } catch {
      return 'stop';
    }
    return 'resume';
  };
}

type Predicate = (error: unknown) => boolean;
type OnError = (error: unknown) => void;

// onErrorContinue(onError) or onErrorContinue(predicate, onError).
function deciderFromArgs(args: readonly unknown[]): Decider {
  if (args.length >= 2) return onErrorContinueDecider(args[0] as Predicate, args[1] as OnError);
  return onErrorContinueDecider(always, args[0] as OnError);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /**
     * Sugar for a resuming supervision decider on the graph built so far: an error a user
     * function throws in an operator that honours supervision (`map`, `filter`, ...) and that
     * `predicate` accepts (every error by default) is passed to `onError`, its element dropped,
     * and the stream goes on. Other errors, and upstream failures, still fail the stream. A
     * supervision strategy set on an inner stage wins.
     * - Emits when: the wrapped operators emit.
     * - Backpressures when: the wrapped operators backpressure.
     * - Completes when: the wrapped operators complete.
     * - Cancels when: downstream cancels.
     * @throws TypeError if `predicate` or `onError` is not a function.
     */
    onErrorContinue(onError: OnError): Repr<Kind, In, Out, Mat>;
    onErrorContinue(predicate: Predicate, onError: OnError): Repr<Kind, In, Out, Mat>;
  }
}

// Not addFlowOperator: the decider is an attribute of the graph built so far, not a stage after it.
const method = function (
  this: { withAttributes(attributes: Attributes): unknown },
  ...args: unknown[]
): unknown {
  return this.withAttributes(Attributes.supervisionStrategy(deciderFromArgs(args)));
};
addOperatorMethod('onErrorContinue', method);
