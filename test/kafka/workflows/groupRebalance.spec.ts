import { describe, expect, it } from 'vitest';
import { Keep, Materializer } from 'sluice';
import {
  Committer,
  CommitterSettings,
  Consumer,
  DrainingControl,
  Subscriptions,
  type TopicPartition,
} from 'sluice/kafka';
import { awaitCond } from 'sluice/testkit';
import { kafkaSpec } from '../../testkit/kafka/kafkaSpec.js';

const spec = kafkaSpec();
let mat: Materializer;

/** What the members did, in the order it happened. */
type Event =
  | {
      readonly kind: 'record';
      readonly member: string;
      readonly partition: number;
      readonly offset: number;
    }
  | {
      readonly kind: 'assign' | 'revoke';
      readonly member: string;
      readonly partitions: readonly number[];
    };

const PARTITIONS = 6;

describe('a group of three members, one joining and one leaving mid-stream', () => {
  it('loses nothing, and no member emits a record of a partition after it was revoked', async () => {
    mat = spec.materializer();
    const topic = spec.kit.createTopic(PARTITIONS);
    const groupId = spec.kit.createGroupId();
    const log: Event[] = [];
    const numbers = (tps: readonly TopicPartition[]): number[] =>
      tps.map((tp) => tp.partition).sort();

    const member = (name: string): DrainingControl<void> => {
      const settings = spec.kit
        .consumerDefaults()
        .withGroupId(groupId)
        .withClientId(name)
        .withProperty('heartbeatInterval', 100);
      const subscription = Subscriptions.topics(topic).withRebalanceListener({
        onAssign: (tps) => {
          log.push({ kind: 'assign', member: name, partitions: numbers(tps) });
        },
        onRevoke: (tps) => {
          log.push({ kind: 'revoke', member: name, partitions: numbers(tps) });
        },
      });
      return Consumer.committableSource(settings, subscription)
        .map((msg) => {
          log.push({
            kind: 'record',
            member: name,
            partition: msg.record.partition,
            offset: msg.record.offset,
          });
          return msg.committableOffset;
        })
        .mapAsync(
          4,
          (offset) =>
            new Promise<typeof offset>((resolve) => {
              setTimeout(() => {
                resolve(offset);
              }, 1);
            }),
        )
        .toMat(Committer.sink(CommitterSettings.create().withMaxInterval(50)), Keep.both)
        .mapMaterializedValue(DrainingControl.create)
        .run(mat);
    };
    const membersAre =
      (n: number) => (s: { members: readonly { partitions: readonly string[] }[] }) =>
        s.members.length === n && s.members.every((m) => m.partitions.length === PARTITIONS / n);

    let produced = 0;
    const produce = async (rounds: number): Promise<void> => {
      for (let r = 0; r < rounds; r++) {
        await spec.kit.produceString(
          topic,
          Array.from({ length: 12 }, () => `v${String(produced++)}`),
        );
      }
    };
    const recordsSeen = (): number =>
      new Set(
        log.flatMap((e) =>
          e.kind === 'record' ? [`${String(e.partition)}@${String(e.offset)}`] : [],
        ),
      ).size;

    const a = member('a');
    const b = member('b');
    await spec.kit.waitUntilConsumerSummary(groupId, membersAre(2));
    await produce(5);
    // c joins while records keep coming.
    const c = member('c');
    await Promise.all([produce(10), spec.kit.waitUntilConsumerSummary(groupId, membersAre(3))]);
    // a leaves while records keep coming.
    await Promise.all([produce(10), a.drainAndShutdown()]);
    await spec.kit.waitUntilConsumerSummary(groupId, membersAre(2));
    await produce(5);
    await awaitCond('every record processed', () => recordsSeen() === produced);
    await Promise.all([b.drainAndShutdown(), c.drainAndShutdown()]);

    // Nothing lost: every produced record went through some member, and all of it is committed.
    expect(recordsSeen()).toBe(produced);
    expect(spec.kit.committedRecordCount(groupId)).toBe(produced);

    // After a revoke, the old owner emits no record of that partition until it gets it back.
    const owns = new Map<string, Set<number>>();
    for (const e of log) {
      const mine = owns.get(e.member) ?? new Set<number>();
      owns.set(e.member, mine);
      if (e.kind === 'record') {
        const where = `${String(e.partition)}@${String(e.offset)}`;
        expect(mine.has(e.partition), `${e.member} emitted ${where} without owning it`).toBe(true);
      } else if (e.kind === 'assign') for (const p of e.partitions) mine.add(p);
      else for (const p of e.partitions) mine.delete(p);
    }
    // The membership really changed hands: three members owned partitions at some point.
    expect(new Set(log.filter((e) => e.kind === 'assign').map((e) => e.member))).toEqual(
      new Set(['a', 'b', 'c']),
    );
    expect(
      log.some((e) => e.kind === 'revoke' && e.member === 'a' && e.partitions.length > 0),
    ).toBe(true);
  });
});
