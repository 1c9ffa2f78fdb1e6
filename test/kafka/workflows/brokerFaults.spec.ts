import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink } from 'sluice';
import {
  Committer,
  CommitterSettings,
  Consumer,
  ConsumerSettings,
  DrainingControl,
  KafkaConnectionFailedError,
  type RebalanceListener,
  Subscriptions,
} from 'sluice/kafka';
import { awaitCond, ErrorCode, KafkaTestKit } from 'sluice/testkit';
import { kafkaSpec } from '../../testkit/kafka/kafkaSpec.js';

const FETCH = 1;
const FIND_COORDINATOR = 10;
const JOIN_GROUP = 11;
const SYNC_GROUP = 14;

const spec = kafkaSpec();
let mat: Materializer;

/** The spec.kit's consumer defaults in `groupId`, with kafkajs retrying briefly so faults show quickly. */
function settings(on: KafkaTestKit, groupId: string): ConsumerSettings<string, string> {
  return on
    .consumerDefaults()
    .withGroupId(groupId)
    .withProperty('retry', { initialRetryTime: 50, retries: 3 });
}

/** A committable stream that records each value it sees and commits it within 50 ms. */
function consume(
  s: ConsumerSettings<string, string>,
  topic: string,
  seen: string[],
  listener: RebalanceListener = {},
  committer = CommitterSettings.create().withMaxInterval(50),
) {
  return Consumer.committableSource(s, Subscriptions.topics(topic).withRebalanceListener(listener))
    .map((msg) => {
      seen.push(msg.record.value);
      return msg.committableOffset;
    })
    .toMat(Committer.sink(committer), Keep.both)
    .mapMaterializedValue(DrainingControl.create)
    .run(mat);
}

const values = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i)}`);
const until = (what: string, check: () => boolean): Promise<void> =>
  awaitCond(what, check, { timeoutMs: 15_000, checkIntervalMs: 20 });

/** A committable stream on a new topic and group, collecting what it sees. */
function started(
  listener: RebalanceListener = {},
  committer?: CommitterSettings,
): {
  topic: string;
  groupId: string;
  seen: string[];
  control: ReturnType<typeof consume>;
} {
  mat = spec.materializer();
  const topic = spec.kit.createTopic();
  const groupId = spec.kit.createGroupId();
  const seen: string[] = [];
  const control = consume(settings(spec.kit, groupId), topic, seen, listener, committer);
  return { topic, groupId, seen, control };
}

describe('broker faults', () => {
  it('rides out failed fetch requests and a dropped connection, losing and repeating nothing', async () => {
    const { topic, groupId, seen, control } = started();
    await spec.kit.produceString(topic, values('a', 20));
    await until('the first records', () => seen.length === 20);

    spec.kit.faults.failNext(FETCH, ErrorCode.NOT_LEADER_OR_FOLLOWER, 3);
    await spec.kit.produceString(topic, values('b', 20));
    await until('the records after failed fetches', () => seen.length === 40);

    spec.kit.faults.dropConnections();
    await spec.kit.produceString(topic, values('c', 20));
    await until('the records after the dropped connection', () => seen.length === 60);
    await control.drainAndShutdown();

    expect(seen).toEqual([...values('a', 20), ...values('b', 20), ...values('c', 20)]);
    expect(spec.kit.committedOffsets(groupId).map((o) => Number(o.offset))).toEqual([60]);
  });

  it('restarts kafkajs when it gives up on a dropped connection, and sends the commits it dropped meanwhile', async () => {
    // Commits only when flushed: the revoke before kafkajs leaves the group is what commits.
    const { topic, groupId, seen, control } = started(
      {},
      CommitterSettings.create().withMaxInterval(60_000).withMaxBatch(1_000),
    );
    await spec.kit.produceString(topic, values('a', 10));
    await until('the first records', () => seen.length === 10);
    const memberBefore = (await spec.kit.describeGroup(groupId)).members[0]?.memberId;

    // A failed fetch makes kafkajs look the coordinator up again; that lookup's connection drops,
    // which kafkajs takes as non-retriable: its consumer crashes, leaves the group and stops. The
    // revoke's commit, made while it is stopped, is one kafkajs drops; it must still land.
    spec.kit.faults.dropConnectionAfter(FIND_COORDINATOR);
    spec.kit.faults.failNext(FETCH, ErrorCode.NOT_LEADER_OR_FOLLOWER, 1);
    await until('the commit made across the restart', () => {
      return spec.kit.committedOffsets(groupId)[0]?.offset === 10n;
    });
    const memberAfter = (await spec.kit.describeGroup(groupId)).members[0]?.memberId;
    expect(memberAfter).toBeDefined();
    expect(memberAfter).not.toBe(memberBefore);

    await spec.kit.produceString(topic, values('b', 10));
    await until('the records after the restart', () => seen.length >= 20);
    await control.drainAndShutdown();
    expect(seen).toEqual([...values('a', 10), ...values('b', 10)]);
    expect(spec.kit.committedOffsets(groupId).map((o) => Number(o.offset))).toEqual([20]);
  });

  it('resumes its partitions when kafkajs gives a rejoin up and fetches its old assignment', async () => {
    const { topic, groupId, seen, control } = started();
    await spec.kit.produceString(topic, values('a', 10));
    await until('the first records', () => seen.length === 10);

    // A failed fetch makes kafkajs rejoin; the driver revokes (pausing the partition) before the
    // JoinGroup goes out. The JoinGroup fails too, as one lost to a dropped connection does:
    // kafkajs gives the join up and fetches its old assignment, so no assignment event follows.
    spec.kit.faults.failNext(FETCH, ErrorCode.NOT_LEADER_OR_FOLLOWER, 1);
    spec.kit.faults.failNext(JOIN_GROUP, ErrorCode.COORDINATOR_NOT_AVAILABLE, 1);
    await spec.kit.produceString(topic, values('b', 10));
    await until('the records after the failed rejoin', () => seen.length === 20);
    await control.drainAndShutdown();

    expect(seen).toEqual([...values('a', 10), ...values('b', 10)]);
    expect(spec.kit.committedOffsets(groupId).map((o) => Number(o.offset))).toEqual([20]);
  });

  it('rejoins when a dropped connection loses the answer to its SyncGroup, losing and repeating nothing', async () => {
    let revokes = 0;
    const { topic, groupId, seen, control } = started({
      onRevoke: () => {
        revokes++;
      },
    });
    await spec.kit.produceString(topic, values('a', 10));
    await until('the first commit', () => spec.kit.committedOffsets(groupId)[0]?.offset === 10n);

    // The group completes the rebalance, but kafkajs never hears its assignment: it holds the
    // new generation from the JoinGroup with the old one's assignment and offsets, and the
    // coordinator takes its heartbeats. Only a new rejoin recovers it.
    spec.kit.faults.dropConnectionAfter(SYNC_GROUP);
    spec.kit.faults.forceRebalance();
    await until('the forced rebalance', () => revokes >= 1);
    await spec.kit.produceString(topic, values('b', 10));
    await until('the records after the lost SyncGroup answer', () => seen.length === 20);
    await until('the commit after the lost answer', () => {
      return spec.kit.committedOffsets(groupId)[0]?.offset === 20n;
    });
    await control.drainAndShutdown();
    expect(seen).toEqual([...values('a', 10), ...values('b', 10)]);
  });

  it('retries commits refused with a retriable error, committing every record once', async () => {
    const { topic, groupId, seen, control } = started();
    await spec.kit.produceString(topic, values('a', 10));
    await until('the first commit', () => spec.kit.committedOffsets(groupId)[0]?.offset === 10n);

    spec.kit.faults.failCommits(3, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    await spec.kit.produceString(topic, values('b', 10));
    await until('the commit after the refused ones', () => {
      return spec.kit.committedOffsets(groupId)[0]?.offset === 20n;
    });
    await control.drainAndShutdown();
    expect(seen).toEqual([...values('a', 10), ...values('b', 10)]);
  });

  it('recovers from a broker restart on its data directory: every record processed and committed, duplicates bounded', async () => {
    mat = spec.materializer();
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-restart-'));
    const restarting = await KafkaTestKit.start({ dataDir });
    try {
      const topic = restarting.createTopic(3);
      const groupId = restarting.createGroupId();
      const seen: string[] = [];
      // kafkajs's default retries, not the short ones above: a restart on a loaded machine may
      // outlast those, and this test is about recovering, not about giving up.
      const control = consume(restarting.consumerDefaults().withGroupId(groupId), topic, seen);
      const produce = (prefix: string): Promise<void[]> =>
        Promise.all(
          [0, 1, 2].map((p) =>
            restarting.produceString(topic, values(`${prefix}${String(p)}-`, 10), p),
          ),
        );
      await produce('before');
      await restarting.waitUntilGroupState(groupId, 'Stable');
      await until('some records before the restart', () => seen.length >= 15);

      // Restart with records in flight. A record committed before the restart is never processed
      // again; one that was not may be (at-least-once), so those bound the duplicates.
      const committedCount = (): number => restarting.committedRecordCount(groupId);
      const mayRepeat = 30 - committedCount();
      await restarting.restart();
      await produce('after');

      const expected: string[] = [];
      for (const prefix of ['before', 'after'])
        for (const p of [0, 1, 2]) expected.push(...values(`${prefix}${String(p)}-`, 10));
      await until('every record, after the restart', () => new Set(seen).size === 60);
      await until('every commit, after the restart', () => committedCount() === 60);
      await control.drainAndShutdown();

      // The stream never failed: the group kept its members through the restart, so commits
      // went on in the same generation.
      expect([...new Set(seen)].sort()).toEqual(expected.sort());
      expect(restarting.committedOffsets(groupId).map((o) => Number(o.offset))).toEqual([
        20, 20, 20,
      ]);
      const duplicates = seen.length - 60;
      expect(duplicates).toBeGreaterThanOrEqual(0);
      expect(duplicates).toBeLessThanOrEqual(mayRepeat);
    } finally {
      await restarting.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails the stream with KafkaConnectionFailedError when the broker is gone for good', async () => {
    mat = spec.materializer();
    const doomed = await KafkaTestKit.start();
    try {
      const topic = doomed.createTopic();
      const groupId = doomed.createGroupId();
      const s = settings(doomed, groupId)
        .withMetadataRequestTimeout(300)
        .withConnectionChecker({ checkInterval: 100, maxRetries: 2, backoffFactor: 1 });
      const done = Consumer.plainSource(s, Subscriptions.topics(topic)).runWith(Sink.ignore(), mat);
      await doomed.waitUntilGroupState(groupId, 'Stable');
      await doomed.kafka.stop();
      const error = await done.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(KafkaConnectionFailedError);
      expect(error).toMatchObject({ attempts: 2 });
    } finally {
      await doomed.stop();
    }
  });
});
