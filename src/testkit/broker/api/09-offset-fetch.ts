/**
 * OffsetFetch: v0-7
 *
 * Behavior:
 * - Returns each requested partition's committed offset, leader epoch and metadata; a
 *   partition (or group) with nothing committed gets offset -1, metadata "" and no error,
 *   so the client applies its reset policy.
 * - Null topics (v2+) means every partition the group has committed.
 * - Offsets staged by TxnOffsetCommit stay invisible until their transaction commits. With
 *   require_stable (v7, set by librdkafka under read_committed) such partitions answer
 *   UNSTABLE_OFFSET_COMMIT, which is retriable; without it the last stable value is returned.
 * - Group-level errors (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE) go in the top-level
 *   error code from v2 and in every partition before that.
 *
 * Version notes:
 * - v0 read ZooKeeper-stored offsets in old Kafka; here it is the same as v1.
 * - v2 adds the top-level error code and null topics; v3 throttle_time_ms (always 0); v4 is v3.
 * - v5 adds committed_leader_epoch; v6 is flexible (librdkafka 2.0.2 uses v6-7);
 *   v7 adds require_stable.
 * - v8+ (several groups per request) is not advertised: kafkajs 2.2.4 stops at v4 and
 *   librdkafka 2.0.2 at v7.
 */
import { ErrorCode } from '../errors.js';
import {
  OffsetFetchRequest,
  OffsetFetchResponse,
  type OffsetFetchRequest as OffsetFetchRequestBody,
  type OffsetFetchResponse as OffsetFetchResponseBody,
  type OffsetFetchResponsePartition,
  type OffsetFetchResponseTopic,
} from '../protocol/messages.generated.js';
import type { FetchedOffset, TopicPartition } from '../groups/GroupRequests.js';
import { groupCoordinatorOf, isGroupCoordinator } from '../groups/groupCoordinatorKey.js';
import type { RequestContext } from './registry.js';
import { defineApi } from './registry.js';

/** A fetched offset whose error code may also be one the group module never produces (faults). */
type WireOffset = Omit<FetchedOffset, 'errorCode'> & { readonly errorCode: number };

function requested(req: OffsetFetchRequestBody): TopicPartition[] | null {
  if (req.topics === null) return null;
  return req.topics.flatMap((t) =>
    t.partitionIndexes.map((partition) => ({ topic: t.name, partition })),
  );
}

/** Groups partitions by topic, keeping the order topics first appear in. */
function byTopic(partitions: readonly WireOffset[]): OffsetFetchResponseTopic[] {
  const topics = new Map<string, { name: string; partitions: OffsetFetchResponsePartition[] }>();
  for (const p of partitions) {
    let topic = topics.get(p.topic);
    if (topic === undefined) {
      topic = { name: p.topic, partitions: [] };
      topics.set(p.topic, topic);
    }
    topic.partitions.push({
      partitionIndex: p.partition,
      committedOffset: p.offset,
      committedLeaderEpoch: p.leaderEpoch,
      // Offsets stored before null was normalised at commit read back as Kafka's "".
      metadata: p.metadata ?? '',
      errorCode: p.errorCode,
    });
  }
  return [...topics.values()];
}

function errorResponse(
  ctx: RequestContext,
  req: OffsetFetchRequestBody,
  errorCode: number,
): OffsetFetchResponseBody {
  // Before v2 there is no top-level error, so each partition carries it.
  const partitions: WireOffset[] =
    ctx.apiVersion >= 2
      ? []
      : (requested(req) ?? []).map(({ topic, partition }) => ({
          topic,
          partition,
          offset: -1n,
          leaderEpoch: -1,
          metadata: '',
          errorCode,
        }));
  return { throttleTimeMs: 0, errorCode, topics: byTopic(partitions) };
}

export default defineApi({
  key: 9,
  name: 'OffsetFetch',
  minVersion: 0,
  maxVersion: 7,
  request: OffsetFetchRequest,
  response: OffsetFetchResponse,
  handle(ctx, req) {
    if (!isGroupCoordinator(ctx.cluster, ctx.broker, req.groupId)) {
      return errorResponse(ctx, req, ErrorCode.NOT_COORDINATOR);
    }
    const result = groupCoordinatorOf(ctx.cluster).fetchOffsets(
      req.groupId,
      requested(req),
      req.requireStable,
    );
    if (result.errorCode !== ErrorCode.NONE) return errorResponse(ctx, req, result.errorCode);
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, topics: byTopic(result.partitions) };
  },
  errorResponse,
});
