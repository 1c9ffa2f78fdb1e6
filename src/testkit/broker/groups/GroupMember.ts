import type { Timer } from './Clock.js';
import type { GroupProtocol, JoinParams, JoinResult, SyncResult } from './GroupRequests.js';

/** A callback that completes a held JoinGroup. */
export type JoinResponder = (result: JoinResult) => void;
/** A callback that completes a held SyncGroup. */
export type SyncResponder = (result: SyncResult) => void;

const noBytes = new Uint8Array(0);

/**
 * One member of a classic group: what its latest JoinGroup said, the assignment the leader gave
 * it, and the requests it is waiting on.
 */
export class GroupMember {
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: readonly GroupProtocol[];
  /** The leader's bytes for this member in the current generation; empty until then. */
  assignment: Uint8Array = noBytes;
  /** Set while the member's JoinGroup is held; a held join also keeps the member alive. */
  awaitingJoin: JoinResponder | null = null;
  /** Set while the member's SyncGroup is held. */
  awaitingSync: SyncResponder | null = null;
  /** The session timer; restarted by every join, sync, heartbeat and commit. */
  sessionTimer: Timer | null = null;

  constructor(
    readonly memberId: string,
    readonly groupInstanceId: string | null,
    join: JoinParams,
  ) {
    this.clientId = join.clientId;
    this.clientHost = join.clientHost;
    this.sessionTimeoutMs = join.sessionTimeoutMs;
    this.rebalanceTimeoutMs = join.rebalanceTimeoutMs;
    this.protocolType = join.protocolType;
    this.protocols = join.protocols;
  }

  /** Takes the settings of a later JoinGroup from the same member. */
  update(join: JoinParams): void {
    this.clientId = join.clientId;
    this.clientHost = join.clientHost;
    this.sessionTimeoutMs = join.sessionTimeoutMs;
    this.rebalanceTimeoutMs = join.rebalanceTimeoutMs;
    this.protocolType = join.protocolType;
    this.protocols = join.protocols;
  }

  /** Whether `protocols` is exactly what the member last joined with (names, order and bytes). */
  hasSameProtocols(protocols: readonly GroupProtocol[]): boolean {
    if (protocols.length !== this.protocols.length) return false;
    return protocols.every((p, i) => {
      const mine = this.protocols[i];
      return mine?.name === p.name && bytesEqual(mine.metadata, p.metadata);
    });
  }

  /** The member's metadata for `protocolName`, or empty bytes if it does not support it. */
  metadataFor(protocolName: string): Uint8Array {
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? noBytes;
  }

  /** Stops the session timer (the member left, expired, or the broker is closing). */
  stopSessionTimer(): void {
    this.sessionTimer?.cancel();
    this.sessionTimer = null;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
