import { Materializer, Sink, type Source } from 'sluice';

/** What {@link ticksMidStream} saw. */
export interface MidStreamTicks {
  /** The sum of the elements. */
  readonly sum: number;
  /** How many elements arrived. */
  readonly seen: number;
  /** Ticks of the 1 ms timer that landed after the first element and before the last. */
  readonly midTicks: number;
  /** The materializer the stream ran on, for `assertAllStagesStopped`. */
  readonly materializer: Materializer;
}

/**
 * Runs `source` into a summing fold on a materializer of its own (4,096 events per turn) while a
 * 1 ms timer notes how many elements had arrived at each tick: a stream that yields to the event
 * loop lets ticks land mid-stream.
 */
export async function ticksMidStream(source: Source<number, unknown>): Promise<MidStreamTicks> {
  const materializer = new Materializer({ eventsPerYield: 4096 });
  let seen = 0;
  const seenAtTicks: number[] = [];
  const timer = setInterval(() => {
    seenAtTicks.push(seen);
  }, 1);
  const sum = await source.runWith(
    Sink.fold(0, (a: number, x: number) => {
      seen++;
      return a + x;
    }),
    materializer,
  );
  clearInterval(timer);
  const midTicks = seenAtTicks.filter((at) => at > 0 && at < seen).length;
  return { sum, seen, midTicks, materializer };
}
