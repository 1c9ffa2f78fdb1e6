import { afterEach, describe, expect, it } from 'vitest';
import { Flow, Materializer, Sink, Source, SubFlow } from 'sluice';
import { assertAllStagesStopped, settle, VirtualClock } from 'sluice/testkit';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const words = ['a', 'b', 'a', 'c', 'b', 'a'];
const sorted = <T>(xs: T[]): T[] => [...xs].sort();

/** Methods every DSL has that are not operators, and operators only a Source or a Flow has. */
const notOperators = new Set([
  'constructor',
  'via',
  'viaMat',
  'to',
  'toMat',
  'mapMaterializedValue',
  'async',
  'named',
  'withAttributes',
  'addAttributes',
  'viaBlueprint',
  'sinkShape',
  // FlowOpsMat: they change the materialized value or open substreams.
  'watchTermination',
  'groupBy',
  'splitWhen',
  'splitAfter',
]);

describe('SubFlow operators', () => {
  it('has every operator that both a Source and a Flow have', () => {
    const flowOps = Object.getOwnPropertyNames(Flow.prototype);
    const shared = Object.getOwnPropertyNames(Source.prototype).filter(
      (name) => flowOps.includes(name) && !notOperators.has(name),
    );
    expect(shared.length).toBeGreaterThan(80);
    const missing = shared.filter(
      (name) =>
        typeof (SubFlow.prototype as unknown as Record<string, unknown>)[name] !== 'function',
    );
    expect(missing).toEqual([]);
  });

  it('counts words with groupBy, fold and mergeSubstreams, as in Akka', async () => {
    const counts = Source.from(words)
      .groupBy(3, (w) => w)
      .map((w) => [w, 1] as const)
      .fold(['', 0] as readonly [string, number], (acc, [w, n]) => [w, acc[1] + n] as const)
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    expect(sorted(await counts)).toEqual([
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ]);
  });

  it('runs scan, take, drop, filter and grouped on each substream', async () => {
    const result = Source.range(1, 10)
      .groupBy(2, (x) => x % 2)
      .scan(0, (acc, x) => acc + x)
      .drop(1)
      .take(3)
      .filter((x) => x !== 4)
      .grouped(2)
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    // odds: scan 0,1,4,9,16,25 → drop 1 → 1,4,9 → filter → 1,9; evens: 0,2,6,12,20,30 → 2,6,12
    expect(sorted((await result).map((g) => g.join(',')))).toEqual(['1,9', '12', '2,6']);
  });

  it('runs mapAsync, mapConcat, statefulMap and intersperse on each substream', async () => {
    const result = Source.from(words)
      .groupBy(3, (w) => w)
      .mapAsync(2, (w) => Promise.resolve(w.toUpperCase()))
      .statefulMap(
        () => 0,
        (n, w): [number, string] => [n + 1, `${w}${n + 1}`],
        () => undefined,
      )
      .mapConcat((w) => [w, w])
      .intersperse('|')
      .fold('', (acc, w) => acc + w)
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    expect(sorted(await result)).toEqual(['A1|A1|A2|A2|A3|A3', 'B1|B1|B2|B2', 'C1|C1']);
  });

  it('merges another source into each substream, and zips each with its index', async () => {
    const result = Source.from([1, 2, 3])
      .splitAfter((x) => x === 2)
      .merge(Source.single(0))
      .fold(0, (acc, x) => acc + x)
      .zipWithIndex()
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    expect(sorted((await result).map(([sum, i]) => `${sum}@${i}`))).toEqual(['3@0', '3@0']);
  });

  it('runs a timed operator on each substream on the virtual clock', async () => {
    const result = Source.from(words)
      .groupBy(3, (w) => w)
      .groupedWithin(10, 100)
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    await settle();
    clock.advance(100);
    expect(sorted((await result).map((g) => g.join('')))).toEqual(['aaa', 'bb', 'c']);
  });

  it('keeps onErrorContinue inside each substream', async () => {
    const dropped: unknown[] = [];
    const result = Source.range(1, 6)
      .groupBy(2, (x) => x % 2)
      .map((x) => {
        if (x === 3) throw new Error('three');
        return x;
      })
      .onErrorContinue((error) => dropped.push((error as Error).message))
      .fold(0, (acc, x) => acc + x)
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    expect(sorted(await result)).toEqual([12, 6]);
    expect(dropped).toEqual(['three']);
  });

  it('closes each substream of a Flow with the operators and merges back into a Flow', async () => {
    const lengths = Flow.create<string>()
      .splitWhen((w) => w === 'a')
      .map((w) => w.length)
      .reduce((a, b) => a + b)
      .concatSubstreams();
    await expect(Source.from(words).via(lengths).runWith(Sink.seq(), mat)).resolves.toEqual([
      2, 3, 1,
    ]);
  });
});
