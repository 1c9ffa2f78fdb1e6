import type { BrokerNode, Cluster, ExtensionKey } from '../Cluster.js';
import { provideTxnOffsetHooks } from '../transactions.js';
import { GroupCoordinator, type GroupCoordinatorOptions } from './GroupCoordinator.js';
import { OffsetJournal } from './OffsetJournal.js';

/** Options for clusters created after {@link configureGroups}; Kafka's defaults otherwise. */
const optionsByCluster = new WeakMap<Cluster, GroupCoordinatorOptions>();

/**
 * The cluster's group coordinator, created on first use and closed (timers cancelled, held
 * requests answered) when the cluster stops. With a data directory its committed offsets are
 * kept in a journal there, so a cluster started again on that directory resumes them.
 */
export const groupCoordinatorKey: ExtensionKey<GroupCoordinator> = {
  name: 'groups',
  create: (cluster) => {
    const dir = cluster.store?.dataDir;
    const journal = dir === undefined ? undefined : OffsetJournal.in(dir);
    return new GroupCoordinator(optionsByCluster.get(cluster) ?? {}, journal);
  },
  close: (coordinator) => {
    coordinator.close();
  },
};

// TxnOffsetCommit is handled by the transaction coordinator, which hands the offsets over
// through these hooks so that they land in the same store OffsetFetch reads.
provideTxnOffsetHooks((cluster) => cluster.extension(groupCoordinatorKey));

/** Sets the group coordinator options of `cluster`; call before its first group request. */
export function configureGroups(cluster: Cluster, options: GroupCoordinatorOptions): void {
  optionsByCluster.set(cluster, options);
}

/** The group coordinator of `cluster`. */
export function groupCoordinatorOf(cluster: Cluster): GroupCoordinator {
  return cluster.extension(groupCoordinatorKey);
}

/**
 * The live broker that coordinates `groupId`, or undefined when none is up. Kafka picks the
 * leader of `__consumer_offsets` partition `abs(hashCode(groupId)) % 50`; with no such topic
 * here, the same Java string hash picks among live brokers, so the choice is deterministic and
 * moves only when a broker stops or restarts. Group state is shared by all brokers, so a move
 * costs clients one NOT_COORDINATOR and a new FindCoordinator, nothing more.
 */
export function groupCoordinatorNode(cluster: Cluster, groupId: string): BrokerNode | undefined {
  const live = cluster.liveBrokers();
  let hash = 0;
  for (let i = 0; i < groupId.length; i++) hash = (Math.imul(hash, 31) + groupId.charCodeAt(i)) | 0;
  return live[Math.abs(hash) % live.length];
}

/** Whether `broker` coordinates `groupId` (NOT_COORDINATOR otherwise). */
export function isGroupCoordinator(cluster: Cluster, broker: BrokerNode, groupId: string): boolean {
  return groupCoordinatorNode(cluster, groupId)?.id === broker.id;
}

/** Kafka's DescribeGroups `client_host`: the client's address with a leading slash. */
export function clientHostOf(remote: string): string {
  const colon = remote.lastIndexOf(':');
  return `/${colon === -1 ? remote : remote.slice(0, colon)}`;
}
