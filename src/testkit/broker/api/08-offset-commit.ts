/**
 * OffsetCommit: v0-7
 *
 * Behavior:
 * - Stores each partition's offset, leader epoch and metadata in the group coordinator; the
 *   same store answers OffsetFetch and `EmbeddedKafka.committedOffsets`.
 * - Generation -1 (and v0, which has no generation) is a commit from outside group
 *   management: accepted only while the group has no members, creating the group if needed.
 * - Otherwise the member must be current (UNKNOWN_MEMBER_ID) at the current generation
 *   (ILLEGAL_GENERATION); REBALANCE_IN_PROGRESS during CompletingRebalance. A commit during
 *   PreparingRebalance by a member of the current generation is accepted. A good commit
 *   restarts the member's session timer.
 * - Metadata over 4096 bytes is OFFSET_METADATA_TOO_LARGE for that partition only.
 * - Topics and partitions are not checked against the cluster, and offsets never expire.
 * - NOT_COORDINATOR on the wrong broker; INVALID_GROUP_ID for an empty id.
 *
 * Version notes:
 * - v1 adds generation, member id and a per-partition commit timestamp (ignored).
 * - v2-4 carry retention_time_ms (ignored: offsets are kept until the group is deleted).
 * - v3 adds throttle_time_ms (always 0); v4 is v3; v5 drops retention.
 * - v6 adds committed_leader_epoch (stored and returned by OffsetFetch v5+).
 * - v7 adds group_instance_id. v8+ (flexible) is not advertised: kafkajs 2.2.4 stops at v5
 *   and librdkafka 2.0.2 at v7.
 */
import { ErrorCode } from '../errors.js';
import {
  OffsetCommitRequest,
  OffsetCommitResponse,
  type OffsetCommitRequest as OffsetCommitRequestBody,
  type OffsetCommitResponse as OffsetCommitResponseBody,
} from '../protocol/messages.generated.js';
import type { OffsetToCommit } from '../groups/GroupRequests.js';
import { groupCoordinatorOf, isGroupCoordinator } from '../groups/groupCoordinatorKey.js';
import { defineApi } from './registry.js';

/** Builds the response in request order from one error code per partition. */
function respond(
  req: OffsetCommitRequestBody,
  codeAt: (i: number) => number,
): OffsetCommitResponseBody {
  let i = 0;
  return {
    throttleTimeMs: 0,
    topics: req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partitionIndex: p.partitionIndex,
        errorCode: codeAt(i++),
      })),
    })),
  };
}

export default defineApi({
  key: 8,
  name: 'OffsetCommit',
  minVersion: 0,
  maxVersion: 7,
  request: OffsetCommitRequest,
  response: OffsetCommitResponse,
  handle(ctx, req) {
    if (!isGroupCoordinator(ctx.cluster, ctx.broker, req.groupId)) {
      return respond(req, () => ErrorCode.NOT_COORDINATOR);
    }
    const offsets: OffsetToCommit[] = req.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        offset: p.committedOffset,
        leaderEpoch: p.committedLeaderEpoch,
        // Kafka stores a null as OffsetAndMetadata.NoMetadata, so OffsetFetch returns "".
        metadata: p.committedMetadata ?? '',
      })),
    );
    const codes = groupCoordinatorOf(ctx.cluster).commitOffsets(
      req.groupId,
      {
        generationId: req.generationIdOrMemberEpoch,
        memberId: req.memberId,
        groupInstanceId: req.groupInstanceId,
      },
      offsets,
    );
    return respond(req, (i) => codes[i] ?? ErrorCode.UNKNOWN_SERVER_ERROR);
  },
  errorResponse: (_ctx, req, errorCode) => respond(req, () => errorCode),
});
