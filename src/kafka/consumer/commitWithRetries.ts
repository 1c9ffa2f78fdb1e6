import type { TopicPartitionOffsetAndMetadata } from 'kafkajs';
import { CommitFailedError } from '../errors.js';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';
import { tpKey } from '../TopicPartition.js';
import type { OffsetToCommit } from './OffsetCommitter.js';

/** @internal What a commit needs from its driver. */
export interface CommitContext {
  readonly name: string;
  readonly groupId: string;
  readonly settings: ConsumerSettings<unknown, unknown>;
  /** The assigned partitions, keyed `topic/partition`. */
  readonly partitions: ReadonlyMap<string, unknown>;
  /**
   * The coordinator refused a commit because this member's generation is gone (Kafka's lost
   * partitions); the commit still fails when kafkajs's retrier gave up on it (as Kafka's
   * CommitFailedException does).
   */
  partitionsLost?(): void;
}

/** Errors that mean the member lost its partitions: its offsets no longer count and are dropped. */
const LOST = new Set(['ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID']);

/**
 * @internal Commits `offset + 1` per partition still assigned (offsets of revoked partitions are
 * dropped: the new owner re-reads from the last commit), retrying retriable errors with backoff
 * until `commitTimeout`. A commit slower than `commitTimeWarning` logs a warning.
 * @throws CommitFailedError naming the group and every `topic/partition@offset`.
 */
export async function commitWithRetries(
  ctx: CommitContext,
  offsets: readonly OffsetToCommit[],
  send: (list: TopicPartitionOffsetAndMetadata[]) => Promise<void>,
): Promise<void> {
  const started = Date.now();
  const deadline = started + ctx.settings.commitTimeout;
  let backoff = 50;
  for (;;) {
    const assigned = ctx.partitions;
    const list: TopicPartitionOffsetAndMetadata[] = [];
    for (const o of offsets) {
      if (!assigned.has(tpKey(o.topic, o.partition))) continue;
      list.push({
        topic: o.topic,
        partition: o.partition,
        offset: String(o.offset + 1),
        ...(o.metadata === undefined ? {} : { metadata: o.metadata }),
      });
    }
    if (list.length === 0) return;
    try {
      await send(list);
      const took = Date.now() - started;
      if (took > ctx.settings.commitTimeWarning) {
        console.warn(
          `${ctx.name}(group ${ctx.groupId}): a commit took ${took} ms (commitTimeWarning ${ctx.settings.commitTimeWarning} ms)`,
        );
      }
      return;
    } catch (e) {
      if (isLost(e)) ctx.partitionsLost?.();
      const type = (e as { type?: unknown }).type;
      if (typeof type === 'string' && LOST.has(type)) return;
      const retriable = (e as { retriable?: unknown }).retriable === true;
      if (!retriable || Date.now() + backoff >= deadline) {
        const names = list.map((o) => `${o.topic}/${o.partition}@${o.offset}`);
        const why = retriable
          ? `still failing after commitTimeout (${ctx.settings.commitTimeout} ms): `
          : '';
        throw new CommitFailedError(
          ctx.groupId,
          names,
          `${ctx.name}(group ${ctx.groupId}): cannot commit ${names.join(', ')}: ${why}${e instanceof Error ? e.message : String(e)}`,
          { cause: e },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, 1000);
    }
  }
}

/** Whether `e`, or an error it wraps (kafkajs's retrier wraps what it gives up on), is a LOST one. */
function isLost(e: unknown): boolean {
  for (let cause = e, depth = 0; depth < 5 && typeof cause === 'object'; depth++) {
    if (cause === null) return false;
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string' && LOST.has(type)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** @internal The error of a commit after the consumer closed. */
export function closedError(
  ctx: CommitContext,
  offsets: readonly OffsetToCommit[],
): CommitFailedError {
  const names = offsets.map((o) => `${o.topic}/${o.partition}@${o.offset + 1}`);
  return new CommitFailedError(
    ctx.groupId,
    names,
    `${ctx.name}(group ${ctx.groupId}): cannot commit ${names.join(', ')}: the consumer is closed`,
  );
}
