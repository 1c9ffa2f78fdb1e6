import { Keep } from 'sluice';
import {
  CommitFailedError,
  Committer,
  CommitterSettings,
  Consumer,
  DrainingControl,
  Subscriptions,
  type TopicPartition,
} from 'sluice/kafka';
import { EmbeddedKafka } from 'sluice/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed, produce, settings, unique, values, waitFor } from './kafkaTest.js';

const HEARTBEAT = 12;
const OFFSET_COMMIT = 8;
const ILLEGAL_GENERATION = 22;
const UNKNOWN_MEMBER_ID = 25;
const REBALANCE_IN_PROGRESS = 27;

let kafka: EmbeddedKafka;
beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ log: () => undefined });
});
afterAll(async () => {
  await kafka.stop();
});

interface Run {
  readonly hooks: string[];
  readonly lost: TopicPartition[][];
  readonly assigned: TopicPartition[][];
  readonly emitted: number[];
  readonly control: DrainingControl<void>;
}

/**
 * A committable source into a Committer that holds its offsets (a batch of 10 000, or 60 s), so
 * they reach Kafka only through the flush before a revoke, or at shutdown; `maxBatch` 1 commits
 * each offset at once instead.
 */
function run(topic: string, group: string, maxBatch = 10_000): Run {
  const r: Omit<Run, 'control'> = { hooks: [], lost: [], assigned: [], emitted: [] };
  const sub = Subscriptions.topics(topic).withRebalanceListener({
    onAssign: (tps) => {
      r.hooks.push('assign');
      r.assigned.push([...tps]);
    },
    onRevoke: () => {
      r.hooks.push('revoke');
    },
    onStop: () => {
      r.hooks.push('stop');
    },
    onLost: (tps) => {
      r.hooks.push('lost');
      r.lost.push([...tps]);
    },
  });
  const control = Consumer.committableSource(settings(kafka, group), sub)
    .map((msg) => {
      r.emitted.push(msg.record.offset);
      return msg.committableOffset;
    })
    .toMat(
      Committer.sink(CommitterSettings.create().withMaxBatch(maxBatch).withMaxInterval(60_000)),
      Keep.both,
    )
    .mapMaterializedValue(DrainingControl.create)
    .run();
  return { ...r, control };
}

/** A run over a new 2-partition topic of 20 records, once it emitted all of them. */
async function consumedTwenty(prefix: string): Promise<{ topic: string; group: string; r: Run }> {
  const topic = unique(prefix);
  const group = unique('g');
  kafka.createTopic(topic, 2);
  await produce(kafka, topic, values(20), 2);
  const r = run(topic, group);
  await waitFor(() => r.emitted.length === 20);
  return { topic, group, r };
}

const sorted = (tps: readonly TopicPartition[]): number[] =>
  tps.map((tp) => tp.partition).sort((a, b) => a - b);

describe('partitions lost, not revoked', () => {
  it('a heartbeat answered UNKNOWN_MEMBER_ID calls onLost, not onRevoke, and commits nothing', async () => {
    const { topic, group, r } = await consumedTwenty('lost');
    // The coordinator forgets the member: kafkajs rejoins as a new member.
    kafka.failNext(HEARTBEAT, UNKNOWN_MEMBER_ID, 1);
    await waitFor(() => r.assigned.length === 2, 20_000);
    expect(r.hooks).toEqual(['assign', 'lost', 'assign']);
    expect(sorted(r.lost[0] ?? [])).toEqual([0, 1]);
    // The 20 offsets the committer held were not flushed for the lost partitions.
    expect(await committed(kafka, group, topic)).toEqual([-1, -1]);
    // The member reads on after it was assigned again: from the last commit, so all 20 again.
    await produce(kafka, topic, values(4, 'late'), 2);
    await waitFor(() => r.emitted.length === 20 + 24);
    await r.control.drainAndShutdown();
  }, 30_000);

  it('an ordinary rebalance calls onRevoke and flushes the held offsets first', async () => {
    const { topic, group, r } = await consumedTwenty('revoked');
    kafka.failNext(HEARTBEAT, REBALANCE_IN_PROGRESS, 1);
    await waitFor(() => r.assigned.length === 2, 20_000);
    expect(r.hooks).toEqual(['assign', 'revoke', 'assign']);
    expect(await committed(kafka, group, topic)).toEqual([10, 10]);
    await r.control.drainAndShutdown();
  }, 30_000);

  it('a commit refused with ILLEGAL_GENERATION fails the stream and reports the partitions lost', async () => {
    const topic = unique('fenced');
    const group = unique('g');
    kafka.createTopic(topic, 1);
    await produce(kafka, topic, values(1), 1);
    kafka.failNext(OFFSET_COMMIT, ILLEGAL_GENERATION, 1);
    const r = run(topic, group, 1);
    const failure = await r.control.streamCompletion.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(CommitFailedError);
    await r.control.isShutdown;
    // Closing did not flush or commit again, and ran onLost instead of onStop.
    expect(r.hooks).toEqual(['assign', 'lost']);
    expect(r.lost).toEqual([[{ topic, partition: 0 }]]);
    expect(await committed(kafka, group, topic)).toEqual([-1]);
  }, 30_000);
});
