// A fair job runner with `interleave`: jobs from the live queue and from a backlog loaded at
// start, `batch` of each in turn, so a long backlog never starves the live queue (and the live
// queue never the backlog). The backlog is an array, so `Source.from(backlog)` is a plain fused
// chain that `interleave` runs inside its own step; any other source goes through the
// `interleave` junction, with the same order. An exhausted side is skipped.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';

export interface Job {
  readonly id: string;
  readonly from: 'live' | 'backlog';
}

/** The order the runner takes jobs in: `batch` live, `batch` from the backlog, and so on. */
export function runOrder(
  live: Source<Job, unknown>,
  backlog: readonly Job[],
  batch: number,
  materializer?: Materializer,
): Promise<Job[]> {
  return live.interleave(Source.from(backlog), batch).runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const live = Source.from<Job>(['l1', 'l2', 'l3'].map((id) => ({ id, from: 'live' })));
  const backlog: Job[] = ['b1', 'b2', 'b3', 'b4', 'b5'].map((id) => ({ id, from: 'backlog' }));
  const order = await runOrder(live, backlog, 2);
  console.log(order.map((job) => job.id).join(' '));
}
