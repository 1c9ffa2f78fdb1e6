import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Materializer, Sink } from 'sluice';
import {
  type EventEnvelope,
  type Journal,
  JournalDeserializationError,
  type PersistentEvent,
  SequenceConflictError,
} from 'sluice/persistence';
import { assertAllStagesStopped, TestSink } from 'sluice/testkit';

/** A journal under test, and how to plant a stored event that does not deserialize. */
export interface JournalFixture {
  readonly journal: Journal;
  corrupt(persistenceId: string, sequenceNr: number): void;
  close(): Promise<void>;
}

const events = (from: number, values: readonly string[], tags: string[] = []): PersistentEvent[] =>
  values.map((event, i) => ({ sequenceNr: from + i, event, tags }));

const eventsOf = (envelopes: readonly EventEnvelope[]): unknown[] => envelopes.map((e) => e.event);

/**
 * The journal conformance suite, after Akka's JournalSpec: every journal runs the same cases.
 * `make` builds a fresh, empty journal for each case.
 */
export function journalConformance(name: string, make: () => Promise<JournalFixture>): void {
  describe(`${name} (journal conformance)`, () => {
    const mat = new Materializer();
    let fixture: JournalFixture;
    let journal: Journal;
    beforeEach(async () => {
      fixture = await make();
      journal = fixture.journal;
    });
    afterEach(async () => {
      assertAllStagesStopped(mat);
      await fixture.close();
    });

    it('reads back written events in sequence order with rising offsets', async () => {
      await journal.writeEvents('a', events(1, ['a1', 'a2']));
      await journal.writeEvents('b', events(1, ['b1']));
      await journal.writeEvents('a', events(3, ['a3']));
      const read = await journal.readEvents('a', 1, Number.MAX_SAFE_INTEGER, 100);
      expect(eventsOf(read)).toEqual(['a1', 'a2', 'a3']);
      expect(read.map((e) => e.sequenceNr)).toEqual([1, 2, 3]);
      expect(read.every((e) => e.persistenceId === 'a')).toBe(true);
      const offsets = read.map((e) => e.offset);
      expect([...offsets].sort((x, y) => x - y)).toEqual(offsets);
      expect(new Set(offsets).size).toBe(3);
      expect(await journal.highestSequenceNr('a')).toBe(3);
      expect(await journal.highestSequenceNr('b')).toBe(1);
      expect(await journal.highestSequenceNr('none')).toBe(0);
    });

    it('honours from, to and max', async () => {
      await journal.writeEvents('a', events(1, ['1', '2', '3', '4', '5']));
      expect(eventsOf(await journal.readEvents('a', 2, 4, 100))).toEqual(['2', '3', '4']);
      expect(eventsOf(await journal.readEvents('a', 2, 5, 2))).toEqual(['2', '3']);
      expect(eventsOf(await journal.readEvents('a', 6, 9, 10))).toEqual([]);
    });

    it('refuses a write that does not continue the sequence, naming id and number', async () => {
      await journal.writeEvents('a', events(1, ['a1', 'a2']));
      const conflict = journal.writeEvents('a', events(2, ['other']));
      await expect(conflict).rejects.toBeInstanceOf(SequenceConflictError);
      await expect(conflict).rejects.toMatchObject({ persistenceId: 'a', sequenceNr: 2 });
      await expect(conflict).rejects.toThrow(/a at sequence number 2/);
      await expect(journal.writeEvents('a', events(4, ['gap']))).rejects.toMatchObject({
        sequenceNr: 4,
      });
      expect(eventsOf(await journal.readEvents('a', 1, 100, 100))).toEqual(['a1', 'a2']);
    });

    it('lets only one of two writers racing for the same sequence number win', async () => {
      const results = await Promise.allSettled([
        journal.writeEvents('a', events(1, ['first'])),
        journal.writeEvents('a', events(1, ['second'])),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await journal.highestSequenceNr('a')).toBe(1);
    });

    it('keeps the latest snapshot', async () => {
      expect(await journal.loadSnapshot('a')).toBeUndefined();
      await journal.saveSnapshot('a', 5, { n: 5 });
      await journal.saveSnapshot('a', 9, { n: 9 });
      await journal.saveSnapshot('a', 7, { n: 7 });
      expect(await journal.loadSnapshot('a')).toEqual({ sequenceNr: 9, state: { n: 9 } });
    });

    it('reads tagged events across persistence ids in offset order', async () => {
      await journal.writeEvents('a', events(1, ['a1'], ['t']));
      await journal.writeEvents('b', events(1, ['b1'], ['u']));
      await journal.writeEvents('b', events(2, ['b2'], ['t', 'u']));
      const tagged = await journal.readTagged('t', 0, 100);
      expect(eventsOf(tagged)).toEqual(['a1', 'b2']);
      expect(tagged[1]?.tags).toEqual(['t', 'u']);
      expect(eventsOf(await journal.readTagged('t', tagged[0]?.offset ?? 0, 100))).toEqual(['b2']);
    });

    it('fails a read at a stored event that does not deserialize, naming id and number', async () => {
      await journal.writeEvents('a', events(1, ['1', '2', '3']));
      fixture.corrupt('a', 2);
      const read = journal.readEvents('a', 1, 100, 100);
      await expect(read).rejects.toBeInstanceOf(JournalDeserializationError);
      await expect(read).rejects.toMatchObject({ persistenceId: 'a', sequenceNr: 2 });
      expect(eventsOf(await journal.readEvents('a', 1, 1, 100))).toEqual(['1']);
    });

    it('eventsByPersistenceId completes at the current end, or at toSequenceNr', async () => {
      await journal.writeEvents('a', events(1, ['1', '2', '3']));
      const all = await journal.eventsByPersistenceId('a', 2).runWith(Sink.seq(), mat);
      expect(eventsOf(all)).toEqual(['2', '3']);
      const some = await journal
        .eventsByPersistenceId('a', 1, 2, { pageSize: 1 })
        .runWith(Sink.seq(), mat);
      expect(eventsOf(some)).toEqual(['1', '2']);
    });

    it('eventsByPersistenceId follows new events when live', async () => {
      await journal.writeEvents('a', events(1, ['1']));
      const sub = journal
        .eventsByPersistenceId<string>('a', 1, undefined, { live: true })
        .runWith(TestSink.probe<EventEnvelope<string>>(), mat);
      sub.request(3);
      expect((await sub.expectNextAny()).event).toBe('1');
      await journal.writeEvents('a', events(2, ['2', '3']));
      expect((await sub.expectNextAny()).event).toBe('2');
      expect((await sub.expectNextAny()).event).toBe('3');
      sub.cancel();
    });

    it('eventsByTag reads finitely, and follows new tagged events when live', async () => {
      await journal.writeEvents('a', events(1, ['a1'], ['t']));
      const finite = await journal.eventsByTag('t', 0).runWith(Sink.seq(), mat);
      expect(eventsOf(finite)).toEqual(['a1']);
      const sub = journal
        .eventsByTag<string>('t', finite[0]?.offset ?? 0, { live: true })
        .runWith(TestSink.probe<EventEnvelope<string>>(), mat);
      sub.request(2);
      await journal.writeEvents('b', events(1, ['b1'], ['t']));
      await journal.writeEvents('b', events(2, ['b2']));
      await journal.writeEvents('a', events(2, ['a2'], ['t']));
      expect((await sub.expectNextAny()).event).toBe('b1');
      expect((await sub.expectNextAny()).event).toBe('a2');
      sub.cancel();
    });
  });
}
