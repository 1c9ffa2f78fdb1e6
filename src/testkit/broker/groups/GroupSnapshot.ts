import type { Group } from './Group.js';
import type { GroupProtocol } from './GroupRequests.js';

/** One member as a group snapshot keeps it: what it joined with and what the leader gave it. */
export interface MemberSnapshot {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly GroupProtocol[];
  readonly assignment: Uint8Array;
}

/**
 * What Kafka's `GroupMetadataManager` writes to `__consumer_offsets` as a group's metadata record:
 * the generation, protocol, leader and members with their assignments. It is taken when a
 * generation becomes Stable or the group becomes Empty, so a coordinator that loads it on start
 * lets the members of a stable group keep heartbeating without a rebalance.
 */
export interface GroupSnapshot {
  readonly groupId: string;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leaderId: string | null;
  /** Empty for an Empty group. */
  readonly members: readonly MemberSnapshot[];
}

/** The snapshot of `group` as it is now. */
export function snapshotOf(group: Group): GroupSnapshot {
  return {
    groupId: group.groupId,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leaderId: group.leaderId,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      sessionTimeoutMs: m.sessionTimeoutMs,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      protocolType: m.protocolType,
      protocols: m.protocols,
      assignment: m.assignment,
    })),
  };
}

/** `snapshot` as one JSON line of the journal; bytes are base64. */
export function encodeSnapshot(snapshot: GroupSnapshot): string {
  const { groupId, members, ...rest } = snapshot;
  return JSON.stringify({
    group: groupId,
    metadata: {
      ...rest,
      members: members.map(({ protocols, assignment, ...member }) => ({
        ...member,
        protocols: protocols.map((p) => ({ name: p.name, metadata: base64(p.metadata) })),
        assignment: base64(assignment),
      })),
    },
  });
}

/**
 * The snapshot in a parsed journal line's `metadata` field, or undefined if it is not one; a
 * malformed snapshot is skipped like any line that does not parse.
 */
export function decodeSnapshot(groupId: string, value: unknown): GroupSnapshot | undefined {
  if (!isRecord(value)) return undefined;
  const { generationId, protocolType, protocolName, leaderId, members } = value;
  if (
    typeof generationId !== 'number' ||
    !isStringOrNull(protocolType) ||
    !isStringOrNull(protocolName) ||
    !isStringOrNull(leaderId) ||
    !Array.isArray(members)
  ) {
    return undefined;
  }
  const decoded: MemberSnapshot[] = [];
  for (const m of members) {
    const member = decodeMember(m);
    if (member === undefined) return undefined;
    decoded.push(member);
  }
  return { groupId, generationId, protocolType, protocolName, leaderId, members: decoded };
}

function decodeMember(value: unknown): MemberSnapshot | undefined {
  if (!isRecord(value)) return undefined;
  const { memberId, groupInstanceId, clientId, clientHost, sessionTimeoutMs } = value;
  const { rebalanceTimeoutMs, protocolType, protocols, assignment } = value;
  if (
    typeof memberId !== 'string' ||
    !isStringOrNull(groupInstanceId) ||
    typeof clientId !== 'string' ||
    typeof clientHost !== 'string' ||
    typeof sessionTimeoutMs !== 'number' ||
    typeof rebalanceTimeoutMs !== 'number' ||
    typeof protocolType !== 'string' ||
    typeof assignment !== 'string' ||
    !Array.isArray(protocols)
  ) {
    return undefined;
  }
  const decoded: GroupProtocol[] = [];
  for (const p of protocols) {
    if (!isRecord(p) || typeof p['name'] !== 'string' || typeof p['metadata'] !== 'string') {
      return undefined;
    }
    decoded.push({ name: p['name'], metadata: fromBase64(p['metadata']) });
  }
  return {
    memberId,
    groupInstanceId,
    clientId,
    clientHost,
    sessionTimeoutMs,
    rebalanceTimeoutMs,
    protocolType,
    protocols: decoded,
    assignment: fromBase64(assignment),
  };
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isStringOrNull(value: unknown): value is string | null {
  return typeof value === 'string' || value === null;
}
