// A type test: a SubFlow has every operator a Flow has, each returning a SubFlow of the same kind,
// and closing it gives back the parent's kind. Each `@ts-expect-error` line must fail to compile.
/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- the @ts-expect-error lines call what does not exist */
import { Flow, type NotUsed, Source, type SubFlow } from 'sluice';

declare const words: Source<string, NotUsed>;
const add = (a: number, b: number): number => a + b;

words
  .groupBy(3, (w) => w)
  .map(() => 1)
  .fold(0, add)
  .mergeSubstreams() satisfies Source<number, NotUsed>;
words.groupBy(3, (w) => w.length).scan(0, (n) => n + 1) satisfies SubFlow<
  number,
  NotUsed,
  'source'
>;
words
  .splitWhen((w) => w === '')
  .mapAsync(2, (w) => Promise.resolve(w.length))
  .grouped(2)
  .take(3)
  .concatSubstreams() satisfies Source<number[], NotUsed>;
Flow.create<string>()
  .groupBy(2, (w) => w.length)
  .filter((w) => w !== '')
  .zipWithIndex()
  .mergeSubstreams() satisfies Flow<string, [string, number], NotUsed>;

declare const lengths: Source<number, NotUsed>;
const summed = lengths
  .groupBy(3, (n) => n)
  .fold(0, add)
  .mergeSubstreams();
// @ts-expect-error the element type follows the operators: a fold of numbers emits numbers
summed satisfies Source<string, NotUsed>;
// @ts-expect-error the operators see the substream's element type: strings are not numbers
words.groupBy(3, (w) => w).fold(0, add);
// @ts-expect-error substreams do not nest: groupBy is a Source's and a Flow's only, as in Akka
words.groupBy(3, (w) => w).groupBy(2, (w) => w);
// @ts-expect-error watchTermination changes the materialized value: not on a SubFlow
words.groupBy(3, (w) => w).watchTermination();
