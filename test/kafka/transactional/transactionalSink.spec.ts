import { Kafka, logLevel } from 'kafkajs';
import { Keep, Materializer, Source } from 'sluice';
import {
  ProducerFencedError,
  ProducerMessage,
  ProducerSettings,
  Serializers,
  Transactional,
  type Envelope,
  type Results,
  type TransactionalOffset,
} from 'sluice/kafka';
import {
  assertAllStagesStopped,
  EmbeddedKafka,
  TestSink,
  TestSource,
  VirtualClock,
} from 'sluice/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../eventually.js';
import { readCommitted, readUncommitted } from './readCommitted.js';

type Env = Envelope<string, string, TransactionalOffset>;

const END_TXN = 26;
let kafka: EmbeddedKafka;
let mat: Materializer;
let n = 0;

function unique(prefix: string): string {
  return `${prefix}-${++n}`;
}

function settings(): ProducerSettings<string, string> {
  return ProducerSettings.create({
    keySerializer: Serializers.string,
    valueSerializer: Serializers.string,
  })
    .withBootstrapServers(...kafka.bootstrapServers)
    .withClientOption('logLevel', logLevel.NOTHING);
}

function offsetOf(groupId: string, topic: string, offset: number): TransactionalOffset {
  return { key: { groupId, topic, partition: 0 }, offset };
}

function committedOffset(groupId: string, topic: string): number | undefined {
  const found = kafka.committedOffsets(groupId).find((o) => o.topic === topic);
  return found === undefined ? undefined : Number(found.offset);
}

beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ port: 0, log: () => undefined });
});
afterAll(async () => {
  await kafka.stop();
});
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Transactional.sink', () => {
  it('commits records and consumed offsets together, every eosCommitInterval', async () => {
    const clock = new VirtualClock();
    mat = new Materializer({ clock });
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    const [pub, done] = TestSource.probe<Env>()
      .toMat(Transactional.sink(settings(), unique('txn')), Keep.both)
      .run(mat);
    await pub.expectRequest();
    pub.sendNext(
      ProducerMessage.single({ topic: output, value: 'a' }, offsetOf(group, input, 0)),
      ProducerMessage.single({ topic: output, value: 'b' }, offsetOf(group, input, 1)),
      ProducerMessage.passThrough(offsetOf(group, input, 2)),
    );
    await eventually(() => {
      expect(readUncommitted(kafka, output)).toEqual(['a', 'b']);
    });
    // Written but not committed: invisible to read_committed, and no offset committed.
    expect(readCommitted(kafka, output)).toEqual([]);
    expect(committedOffset(group, input)).toBeUndefined();

    clock.advance(100);
    await eventually(() => {
      expect(committedOffset(group, input)).toBe(3);
    });
    expect(readCommitted(kafka, output)).toEqual(['a', 'b']);

    await pub.expectRequest();
    pub.sendNext(ProducerMessage.single({ topic: output, value: 'c' }, offsetOf(group, input, 3)));
    pub.sendComplete();
    await done;
    expect(readCommitted(kafka, output)).toEqual(['a', 'b', 'c']);
    expect(committedOffset(group, input)).toBe(4);
  });

  it('pulls nothing while a transaction commits', async () => {
    const clock = new VirtualClock();
    mat = new Materializer({ clock });
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    const [pub, sub] = TestSource.probe<Env>()
      .via(Transactional.flow(settings(), unique('txn')))
      .toMat(TestSink.probe<Results<string, string, TransactionalOffset>>(), Keep.both)
      .run(mat);
    sub.request(10);
    await pub.expectRequest();
    pub.sendNext(ProducerMessage.single({ topic: output, value: 'a' }, offsetOf(group, input, 0)));
    // Its result is out, so the stage has taken the acknowledgement in.
    expect((await sub.expectNextAny()).passThrough.offset).toBe(0);
    await pub.expectRequest();
    // The commit's EndTxn answer is held back. The element of the pull still outstanding waits
    // for the next transaction, and no further pull comes until the commit is done.
    kafka.delayResponses(END_TXN, 300);
    clock.advance(100);
    pub.sendNext(ProducerMessage.single({ topic: output, value: 'b' }, offsetOf(group, input, 1)));
    await eventually(() => {
      expect(readCommitted(kafka, output)).toEqual(['a']);
    });
    expect(readUncommitted(kafka, output)).toEqual(['a']);
    expect(pub.pending).toBe(0);
    kafka.delayResponses(END_TXN, 0);
    await pub.expectRequest();
    expect((await sub.expectNextAny()).passThrough.offset).toBe(1);
    pub.sendComplete();
    await sub.expectComplete();
    expect(readCommitted(kafka, output)).toEqual(['a', 'b']);
    expect(committedOffset(group, input)).toBe(2);
  });

  it('aborts the open transaction when upstream fails: nothing of it becomes visible', async () => {
    const clock = new VirtualClock();
    mat = new Materializer({ clock });
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    const [pub, done] = TestSource.probe<Env>()
      .toMat(Transactional.sink(settings(), unique('txn')), Keep.both)
      .run(mat);
    await pub.expectRequest();
    pub.sendNext(ProducerMessage.single({ topic: output, value: 'x' }, offsetOf(group, input, 0)));
    await eventually(() => {
      expect(readUncommitted(kafka, output)).toEqual(['x']);
    });
    pub.sendError(new Error('upstream broke'));
    await expect(done).rejects.toThrow('upstream broke');
    // The abort marker closes the transaction: the record is stable and invisible.
    await eventually(() => {
      expect(kafka.cluster.partition(output, 0)?.abortedTxns.length).toBe(1);
    });
    expect(readCommitted(kafka, output)).toEqual([]);
    expect(committedOffset(group, input)).toBeUndefined();
  });

  it('fails with ProducerFencedError when a newer producer takes its transactional id', async () => {
    const clock = new VirtualClock();
    mat = new Materializer({ clock });
    const [input, output, group, txnId] = [
      unique('in'),
      unique('out'),
      unique('group'),
      unique('txn'),
    ];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    const [oldPub, oldDone] = TestSource.probe<Env>()
      .toMat(Transactional.sink(settings(), txnId), Keep.both)
      .run(mat);
    await oldPub.expectRequest();
    oldPub.sendNext(
      ProducerMessage.single({ topic: output, value: 'old' }, offsetOf(group, input, 0)),
    );
    await eventually(() => {
      expect(readUncommitted(kafka, output)).toEqual(['old']);
    });
    const [newPub, newDone] = TestSource.probe<Env>()
      .toMat(Transactional.sink(settings(), txnId), Keep.both)
      .run(mat);
    // The newer producer's start fences the old one and aborts its open transaction.
    await newPub.expectRequest();
    clock.advance(100);
    const error = await oldDone.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProducerFencedError);
    expect(error).toMatchObject({ transactionalId: txnId });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Transactional\\.sink#\\d+: producer fenced: another producer uses transactional id '${txnId}'`,
      ),
    );
    newPub.sendNext(
      ProducerMessage.single({ topic: output, value: 'new' }, offsetOf(group, input, 0)),
    );
    newPub.sendComplete();
    await newDone;
    expect(readCommitted(kafka, output)).toEqual(['new']);
    expect(committedOffset(group, input)).toBe(1);
  });

  it('commits on the real clock too, without waiting for completion', async () => {
    mat = new Materializer();
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    const [pub, done] = TestSource.probe<Env>()
      .toMat(Transactional.sink(settings().withEosCommitInterval(5), unique('txn')), Keep.both)
      .run(mat);
    await pub.expectRequest();
    pub.sendNext(ProducerMessage.single({ topic: output, value: 'r' }, offsetOf(group, input, 0)));
    await eventually(() => {
      expect(readCommitted(kafka, output)).toEqual(['r']);
    });
    expect(committedOffset(group, input)).toBe(1);
    pub.sendComplete();
    await done;
  });

  it('refuses an empty transactional id', () => {
    mat = new Materializer();
    expect(() => Transactional.sink(settings(), '')).toThrow(
      /Transactional\.sink: transactionalId must be a non-empty string/,
    );
  });
});

describe('Transactional.plainSink (no transactional source)', () => {
  it('commits the records of a multi message atomically, seen by a read_committed kafkajs consumer', async () => {
    mat = new Materializer();
    const output = unique('out');
    kafka.createTopic(output, 1);
    await Source.from([
      ProducerMessage.multi([
        { topic: output, value: 'debit' },
        { topic: output, value: 'credit' },
      ]),
      ProducerMessage.single({ topic: output, value: 'note' }),
    ]).runWith(Transactional.plainSink(settings(), unique('txn')), mat);
    expect(readCommitted(kafka, output)).toEqual(['debit', 'credit', 'note']);

    // The same through a real read_committed consumer.
    const client = new Kafka({ brokers: kafka.bootstrapServers, logLevel: logLevel.NOTHING });
    const consumer = client.consumer({ groupId: unique('reader'), readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic: output, fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          seen.push(message.value?.toString() ?? '');
          if (seen.length === 3) resolve();
          return Promise.resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(seen).toEqual(['debit', 'credit', 'note']);
  });
});
