import { afterAll, beforeAll } from 'vitest';
import { jsonSerializer, KafkaJournal } from 'sluice/persistence';
import { EmbeddedKafka } from 'sluice/testkit';
import { journalConformance } from './journalConformance.js';

let kafka: EmbeddedKafka;
let topics = 0;
beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ autoCreateTopics: false });
});
afterAll(async () => {
  await kafka.stop();
});

journalConformance('KafkaJournal', async () => {
  const topic = `journal-${String(++topics)}`;
  // Kafka's log is append-only, so a record is "corrupted" by making its stored text undecodable.
  const poisoned = new Set<string>();
  const journal = await KafkaJournal.connect({
    brokers: kafka.bootstrapServers,
    topic,
    serializer: {
      serialize: (value) => jsonSerializer.serialize(value),
      deserialize: (text) => {
        if (poisoned.has(text)) throw new SyntaxError(`poisoned record ${text}`);
        return jsonSerializer.deserialize(text);
      },
    },
  });
  return {
    journal,
    corrupt: (id, seq) => {
      const record = kafka
        .records(topic, 0)
        .find(
          (r) =>
            r.key?.toString() === id &&
            r.headers.some(
              (h) => h.key === 'sluice-event' && h.value?.toString().split(' ')[0] === String(seq),
            ),
        );
      if (record?.value == null) throw new Error(`no record of ${id} at ${String(seq)}`);
      poisoned.add(record.value.toString());
    },
    close: () => journal.close(),
  };
});
