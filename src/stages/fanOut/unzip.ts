import type { FanOutShape2, GraphStage } from '../../core/index.js';
import { UnzipWith } from './unzipWith.js';

function same<A, B>(pair: [A, B]): [A, B] {
  return pair;
}

/**
 * A junction that splits a stream of pairs: `a` to `out0`, `b` to `out1`.
 * - Emits when: both outputs have demand.
 * - Backpressures when: either output backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: either output cancels.
 * @see unzipWith, zip
 */
export function unzip<A, B>(): GraphStage<FanOutShape2<[A, B], A, B>> {
  return new UnzipWith<[A, B], A, B>(same, 'unzip');
}
