import {
  flow,
  flowWithOffsetContext,
  plainFlow,
  plainSink,
  sink,
  sinkWithOffsetContext,
} from './transactional/transactionalProducers.js';
import {
  partitionedSource,
  source,
  sourceWithOffsetContext,
} from './transactional/transactionalSources.js';

export type { TransactionalOffset } from './transactional/transactionalProducers.js';

/**
 * Exactly-once consume-transform-produce, after Alpakka Kafka's `Transactional` object: the
 * transactional producers `flow`, `sink`, `plainFlow` and `plainSink`, and the sources that feed
 * them.
 */
export const Transactional = {
  source,
  sourceWithOffsetContext,
  partitionedSource,
  flow,
  sink,
  flowWithOffsetContext,
  sinkWithOffsetContext,
  plainFlow,
  plainSink,
} as const;
