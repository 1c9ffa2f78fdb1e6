import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Attributes,
  filter,
  map,
  Materializer,
  PortMisuseError,
  Sink,
  Source,
  Supervision,
} from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

type Op = { kind: 'map'; add: number } | { kind: 'filter'; mod: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('map' as const), add: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('filter' as const), mod: fc.integer({ min: 2, max: 4 }) }),
);

// Adjacent unsupervised map and filter steps fuse into one step when the chain is built
// (map∘map, filter∘map, map∘filter, filter∘filter, map∘filter∘map); runs of them must still mean the same.
describe('fused map and filter steps', () => {
  it('match the array model for any run of maps and filters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 7 }), fc.nat(30), async (ops, n) => {
        let source = Source.range(1, n);
        let model = Array.from({ length: n }, (_, i) => i + 1);
        for (const o of ops) {
          if (o.kind === 'map') {
            source = source.map((x) => x * 2 + o.add);
            model = model.map((x) => x * 2 + o.add);
          } else {
            source = source.filter((x) => x % o.mod !== 0);
            model = model.filter((x) => x % o.mod !== 0);
          }
        }
        expect(await source.runWith(Sink.seq(), mat)).toEqual(model);
      }),
    );
  });

  it('name the map whose function returned null, first or second of a fused pair', async () => {
    const failure = (first: boolean): Promise<unknown> =>
      Source.range(1, 3)
        .map((x) => (first && x === 2 ? (null as unknown as number) : x))
        .map((x) => (!first && x === 2 ? (null as unknown as number) : x))
        .runWith(Sink.seq(), mat)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
    const inFirst = await failure(true);
    expect(inFirst).toBeInstanceOf(PortMisuseError);
    expect((inFirst as Error).message).toMatch(/^map#2: cannot push null to port 'map\.out'/);
    const inSecond = await failure(false);
    expect((inSecond as Error).message).toMatch(/^map#3: cannot push null to port 'map\.out'/);
  });

  it('name the map of a fused filter then map, and of a map then filter', async () => {
    const filterThenMap = Source.range(1, 3)
      .filter((x) => x > 1)
      .map(() => undefined as unknown as number)
      .runWith(Sink.seq(), mat);
    await expect(filterThenMap).rejects.toThrow(/^map#3: cannot push undefined to port 'map\.out'/);
    const mapThenFilter = Source.range(1, 3)
      .map(() => null as unknown as number)
      .filter(() => true)
      .runWith(Sink.seq(), mat);
    await expect(mapThenFilter).rejects.toThrow(/^map#2: cannot push null to port 'map\.out'/);
  });

  it('name the map of a fused map, filter and map that returned null, first or last', async () => {
    const failure = (first: boolean): Promise<unknown> =>
      Source.range(1, 3)
        .map((x) => (first && x === 3 ? (null as unknown as number) : x))
        .filter((x) => x !== 1)
        .map((x) => (!first && x === 3 ? (undefined as unknown as number) : x * 10))
        .runWith(Sink.seq(), mat);
    await expect(failure(true)).rejects.toThrow(/^map#2: cannot push null to port 'map\.out'/);
    await expect(failure(false)).rejects.toThrow(
      /^map#4: cannot push undefined to port 'map\.out'/,
    );
  });

  it('keep a supervised map apart from its unsupervised neighbours', async () => {
    const flaky = map((x: number) => {
      if (x === 4) throw new Error('four');
      return x * 10;
    }).withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider));
    const out = await Source.range(1, 6)
      .filter((x) => x % 2 === 0)
      .via(flaky)
      .map((x) => x + 1)
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([21, 61]);
  });

  it('keep a supervised filter apart, and fail on an unsupervised neighbour', async () => {
    const flaky = filter((x: number) => {
      if (x === 3) throw new Error('three');
      return true;
    }).withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider));
    expect(
      await Source.range(1, 4)
        .map((x) => x)
        .via(flaky)
        .runWith(Sink.seq(), mat),
    ).toEqual([1, 2, 4]);
    await expect(
      Source.range(1, 4)
        .via(flaky)
        .filter((x) => {
          if (x === 2) throw new Error('two');
          return true;
        })
        .runWith(Sink.seq(), mat),
    ).rejects.toThrow('two');
  });

  it('complete through a fused pair, and stop at a take after it', async () => {
    expect(
      await Source.range(1, 100)
        .map((x) => x + 1)
        .filter((x) => x % 2 === 0)
        .take(3)
        .runWith(Sink.seq(), mat),
    ).toEqual([2, 4, 6]);
  });
});
