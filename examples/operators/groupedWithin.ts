// Batching writes. Rows trickle in (here: 250 rows at about 200 a second, in bursts); writing them
// one by one would cost a round trip each. `groupedWithin(50, 100)` collects up to 50 rows but
// never waits more than 100 ms after the last write, so a quiet period still flushes what came in;
// `mapAsync(1, ...)` then writes one batch at a time, and back-pressure holds the rows while the
// database is busy.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';

export interface Row {
  readonly id: number;
}

/** A database that records every batch it was asked to insert. */
export class FakeDb {
  readonly batches: Row[][] = [];
  insertMany(rows: Row[]): Promise<number> {
    this.batches.push(rows);
    return new Promise((resolve) =>
      setImmediate(() => {
        resolve(rows.length);
      }),
    );
  }
}

/** Writes every row of `rows` in batches of at most `maxBatch`, flushing after `maxWaitMs`. */
export function writeInBatches(
  rows: Source<Row, unknown>,
  db: FakeDb,
  maxBatch: number,
  maxWaitMs: number,
  materializer?: Materializer,
): Promise<number> {
  return rows
    .groupedWithin(maxBatch, maxWaitMs)
    .mapAsync(1, (batch) => db.insertMany(batch))
    .runWith(
      Sink.fold(0, (written: number, n: number) => written + n),
      materializer,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const db = new FakeDb();
  const rows = Source.range(1, 250)
    .map((id) => ({ id }))
    .throttle(200, 1_000, { maximumBurst: 20 });
  const written = await writeInBatches(rows, db, 50, 100);
  console.log(`wrote ${String(written)} rows in ${String(db.batches.length)} batches`);
  console.log(`batch sizes: ${db.batches.map((b) => b.length).join(', ')}`);
}
