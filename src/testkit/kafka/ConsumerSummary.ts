import { AssignerProtocol, type GroupDescription } from 'kafkajs';

/** One member of a consumer group and the partitions it owns, decoded from DescribeGroups. */
export interface MemberSummary {
  readonly memberId: string;
  readonly clientId: string;
  /** `topic/partition` strings, sorted. */
  readonly partitions: readonly string[];
}

/** A consumer group as DescribeGroups sees it: its state and each member's assignment. */
export interface ConsumerSummary {
  readonly groupId: string;
  readonly state: GroupDescription['state'];
  readonly members: readonly MemberSummary[];
}

/** Decodes each member's assignment (the consumer protocol's MemberAssignment). */
export function consumerSummary(group: GroupDescription): ConsumerSummary {
  return {
    groupId: group.groupId,
    state: group.state,
    members: group.members.map((m) => {
      const decoded =
        m.memberAssignment.length === 0
          ? null
          : AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      const partitions: string[] = [];
      if (decoded !== null) {
        for (const [topic, ps] of Object.entries(decoded.assignment)) {
          for (const p of ps) partitions.push(`${topic}/${String(p)}`);
        }
      }
      partitions.sort();
      return { memberId: m.memberId, clientId: m.clientId, partitions };
    }),
  };
}
