import { KafkaConsumerError } from '../errors.js';
import { tpKey } from '../TopicPartition.js';
import type { OffsetToCommit } from './OffsetCommitter.js';
import { message } from './promises.js';

/** @internal What a {@link CrashRecovery} does to its driver. */
export interface RecoveryDriver {
  readonly name: string;
  /** Whether the consumer should still run (not closing, not failed). */
  readonly wanted: () => boolean;
  readonly seek: (topic: string, partition: number, offset: number) => void;
  readonly commit: (offsets: readonly OffsetToCommit[]) => Promise<void>;
  readonly fail: (error: Error) => void;
}

/**
 * @internal A consumer driver's side of a kafkajs crash and restart.
 *
 * kafkajs leaves the group when its consumer crashes, and comes back as a new member. Once its
 * fetch loop has stopped it drops commits without a word (its runner returns when not running),
 * so the commits made from then until it runs again, those the revoke before its LeaveGroup
 * flushes among them, would be lost, and the new member would read those records again. A
 * commit is known to have reached the broker by kafkajs's COMMIT_OFFSETS event; one that
 * resolved without it is held here. Once kafkajs runs again, the partitions assigned back are
 * sought to the positions the stages had reached, and the held commits are sent in the new
 * generation. Offsets of partitions that went to another member are dropped, as in any
 * rebalance.
 */
export class CrashRecovery {
  /** The positions to go on from, by `topic/partition`, while held commits are outstanding. */
  private resumeAt: ReadonlyMap<string, number> | undefined = undefined;
  private readonly held = new Map<string, OffsetToCommit>();
  /** The highest offset (+ 1) kafkajs reported committed, by `topic/partition`. */
  private readonly committedUpTo = new Map<string, number>();
  private restartTimer: NodeJS.Timeout | undefined = undefined;

  /** `restartDelayMs`: kafkajs's own wait before a restart (`retry.initialRetryTime`). */
  constructor(
    private readonly driver: RecoveryDriver,
    private readonly restartDelayMs: number,
  ) {}

  /** kafkajs reported offsets committed (its COMMIT_OFFSETS event). */
  committed(topics: readonly CommittedTopic[]): void {
    for (const { topic, partitions } of topics) {
      for (const p of partitions) {
        const key = tpKey(topic, p.partition);
        const offset = Number(p.offset);
        if ((this.committedUpTo.get(key) ?? -1) < offset) this.committedUpTo.set(key, offset);
      }
    }
  }

  /** A commit of `offsets` resolved: holds those kafkajs did not send. */
  sent(offsets: readonly OffsetToCommit[]): void {
    for (const o of offsets) {
      const key = tpKey(o.topic, o.partition);
      if ((this.committedUpTo.get(key) ?? -1) > o.offset) continue;
      const before = this.held.get(key);
      if (before === undefined || before.offset < o.offset) this.held.set(key, o);
    }
  }

  /** kafkajs is leaving the group on a crash; `positions` are where the stages got to. */
  left(positions: ReadonlyMap<string, number>): void {
    this.resumeAt = positions;
  }

  /**
   * An assignment arrived. After a crash, its partitions are sought to the positions the stages
   * reached, on every assignment until the held commits are through. Held commits are sent once
   * kafkajs's fetch loop runs, which it does right after the join that made the assignment.
   */
  assigned(assignment: Readonly<Record<string, number[]>>): void {
    if (this.resumeAt !== undefined) seekTo(assignment, this.resumeAt, this.driver.seek);
    setImmediate(() => {
      const offsets = [...this.held.values()];
      this.held.clear();
      const done = (): void => {
        if (this.held.size === 0) this.resumeAt = undefined;
      };
      if (offsets.length === 0) done();
      else this.driver.commit(offsets).then(done, done);
    });
  }

  /**
   * Starts kafkajs again, after the delay it waits itself, if the consumer is still wanted then;
   * false, and nothing scheduled, if it is not wanted now.
   */
  restart(restart: () => Promise<void>): boolean {
    if (!this.driver.wanted()) return false;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.driver.wanted()) return;
      restart().catch((e: unknown) => {
        const why = `${this.driver.name}: cannot restart the consumer: ${message(e)}`;
        this.driver.fail(new KafkaConsumerError(why, { cause: e }));
      });
    }, this.restartDelayMs);
    return true;
  }

  /** The consumer is closing: no restart. */
  cancel(): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }
}

/** One topic of kafkajs's COMMIT_OFFSETS event. */
interface CommittedTopic {
  readonly topic: string;
  readonly partitions: readonly { readonly partition: number; readonly offset: string }[];
}

/** @internal Seeks each partition of `assignment` to its entry in `positions`, if it has one. */
export function seekTo(
  assignment: Readonly<Record<string, number[]>>,
  positions: ReadonlyMap<string, number>,
  seek: (topic: string, partition: number, offset: number) => void,
): void {
  for (const [topic, list] of Object.entries(assignment)) {
    for (const partition of list) {
      const position = positions.get(tpKey(topic, partition)) ?? -1;
      if (position >= 0) seek(topic, partition, position);
    }
  }
}
