import { AssignerProtocol, type Assigner, type PartitionAssigner } from 'kafkajs';

/** The name manual members announce; every member of a manual group must use it. */
const NAME = 'SluiceManualAssigner';

/**
 * @internal A kafkajs partition assigner for manual subscriptions (kafkajs has no `assign()`):
 * each member announces the partitions it wants in its user data and gets exactly those.
 */
export function manualAssigner(
  wanted: () => ReadonlyMap<string, readonly number[]>,
): PartitionAssigner {
  return (): Assigner => ({
    name: NAME,
    version: 1,
    protocol({ topics }) {
      const own: Record<string, number[]> = {};
      for (const [topic, partitions] of wanted()) own[topic] = [...partitions];
      return {
        name: NAME,
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: 1,
          topics,
          userData: Buffer.from(JSON.stringify(own)),
        }),
      };
    },
    assign({ members }) {
      return Promise.resolve(
        members.map(({ memberId, memberMetadata }) => {
          const meta = AssignerProtocol.MemberMetadata.decode(memberMetadata);
          const assignment =
            meta === null ? {} : (JSON.parse(meta.userData.toString()) as Record<string, number[]>);
          return {
            memberId,
            memberAssignment: AssignerProtocol.MemberAssignment.encode({
              version: 1,
              assignment,
              userData: Buffer.alloc(0),
            }),
          };
        }),
      );
    },
  });
}
