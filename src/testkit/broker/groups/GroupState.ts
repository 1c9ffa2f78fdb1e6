/**
 * A classic group's lifecycle, with Kafka's names (DescribeGroups and ListGroups report them as is).
 * - `Empty`: no members; offsets may still be stored.
 * - `PreparingRebalance`: JoinGroups are held until every member has rejoined or the rebalance
 *   timeout runs out.
 * - `CompletingRebalance`: joins answered; waiting for the leader's SyncGroup.
 * - `Stable`: assignments handed out.
 * - `Dead`: deleted; never listed.
 */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';
