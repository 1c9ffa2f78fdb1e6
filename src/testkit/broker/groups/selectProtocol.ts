import type { GroupProtocol } from './GroupRequests.js';
import type { GroupMember } from './GroupMember.js';

/**
 * The protocol names every one of `members` supports, in order of first appearance (members in
 * join order, each member's protocols in its order of preference).
 */
export function commonProtocols(members: Iterable<GroupMember>): string[] {
  const support = new Map<string, number>();
  let count = 0;
  for (const member of members) {
    count++;
    for (const { name } of member.protocols) support.set(name, (support.get(name) ?? 0) + 1);
  }
  return [...support].filter(([, n]) => n === count).map(([name]) => name);
}

/**
 * Whether a member offering `protocols` may join a group whose current members are `members`:
 * it must share the group's protocol type and at least one protocol every member supports.
 * An empty group accepts any non-empty protocol list.
 */
export function supportsProtocols(
  groupProtocolType: string | null,
  members: readonly GroupMember[],
  protocolType: string,
  protocols: readonly GroupProtocol[],
): boolean {
  if (protocolType === '' || protocols.length === 0) return false;
  if (members.length === 0) return true;
  if (protocolType !== groupProtocolType) return false;
  const common = new Set(commonProtocols(members));
  return protocols.some((p) => common.has(p.name));
}

/**
 * Kafka's protocol vote: each member votes for the first protocol in its own preference order
 * that every member supports, and the most votes win. Ties go to the protocol that appeared first,
 * so the choice is deterministic. Returns null only for an empty or incompatible member set,
 * which JoinGroup's protocol check rules out.
 */
export function selectProtocol(members: readonly GroupMember[]): string | null {
  const candidates = commonProtocols(members);
  const votes = new Map<string, number>(candidates.map((name) => [name, 0]));
  for (const member of members) {
    const choice = member.protocols.find((p) => votes.has(p.name));
    if (choice !== undefined) votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestVotes = -1;
  for (const [name, n] of votes) {
    if (n > bestVotes) {
      best = name;
      bestVotes = n;
    }
  }
  return best;
}
